// One round: propose (with feedback from round 2) → masked cross-evaluation → integer QV tally.
// Its chain record (the present agents' signatures) is the session's to send, through the record
// outbox, while the next round runs (record-outbox.ts); so are the acks of the round's queued
// events, which the record waits for and the tally does not. A round goes on without the
// agents that fail, stay silent or are refused, as long as two remain: an agent that proposed but
// did not evaluate takes its proposal out, and the others re-attest over what is left.
import { ConcordError, minPresent, pickWinner, type ProposeResult, roundTermsWeight, tallyScores } from "@concord/agent-sdk/protocol";
import type { TalliedRound } from "../state/round-outcome.ts";
import type { RoundInProgress } from "../state/snapshot.ts";
import { attestPhase } from "./attest-phase.ts";
import { ballotsOf, type Ballot, type Evaluated, loadEvaluated, storeEvaluated } from "./evaluated.ts";
import { evaluatePhase } from "./evaluate-phase.ts";
import { proposePhase } from "./propose-phase.ts";
import { type RoundContext, roundContext, type RoundSetup } from "./round-context.ts";
import { RoundMembers } from "./round-members.ts";

export async function runRound(setup: RoundSetup): Promise<TalliedRound> {
  const ctx = roundContext(setup);
  const { plan, progress } = ctx;
  const proposals = progress.resume
    ? progress.resume.proposals.map((p) => p ?? undefined)
    : await proposePhase(ctx);
  const proposers = RoundMembers.ofProposals(plan.panel, proposals);
  enough(ctx, proposers, "propose");
  const save = (evaluated?: Evaluated) => progress.save(inProgress(ctx, proposals, evaluated));
  if (!progress.resume) {
    // Nothing to wait for without a snapshot: the evaluate tasks then share a write with the event before them.
    const saving = save();
    if (saving) await saving;
  }

  let evaluated = progress.resume?.evaluated && loadEvaluated(plan.panel, proposals, progress.resume.evaluated);
  if (!evaluated) {
    evaluated = await evaluatePhase(ctx, proposers);
    await save(evaluated);
  }
  // Until every member attested: drop the ones that did not, and have the rest re-attest.
  let ballots = ballotsOf(evaluated);
  for (let attempt = 0; ballots.length < evaluated.members.size; attempt++) {
    const { members, accepted } = evaluated;
    const attested = members.filter((m) => accepted.has(m.index));
    enough(ctx, attested, "attest");
    if (attempt >= 3) throw new ConcordError("TOO_FEW_AGENTS", `round ${ctx.round}: the panel kept shrinking while re-attesting`);
    evaluated = await attestPhase(ctx, attested, evaluated.authorOf);
    await save(evaluated);
    ballots = ballotsOf(evaluated);
  }
  return tallyRound(ctx, proposals, evaluated, ballots);
}

/** Tallies the members' ballots as the contract will when the round is recorded: the same integers. */
function tallyRound(
  ctx: RoundContext, proposals: readonly (ProposeResult | undefined)[], evaluated: Evaluated, ballots: readonly Ballot[],
): TalliedRound {
  const { plan, round } = ctx;
  const { members, accepted, authorOf } = evaluated;
  const memberScores = tallyScores(
    ballots.map((b) => b.evaluation.votes), members.size, ballots.map((b) => roundTermsWeight(plan.roundTerms, b.member.index)),
  );
  const votesOf = new Map(ballots.map((b) => [b.member.index, b.evaluation.votes]));
  const winner = members.at(pickWinner(memberScores, members.hashes));
  return {
    round,
    scores: members.onPanel(memberScores, 0),
    ballots: plan.panel.map((_, e) => members.onPanel(votesOf.get(e) ?? [], 0)),
    winnerIndex: winner.index,
    authorOf,
    absent: ctx.absent,
    present: members.indices,
    proposals: proposals.map((p, i) => (members.has(i) ? p : undefined)),
    received: [...proposals],
    evaluations: plan.panel.map((_, i) => (members.has(i) ? accepted.get(i)?.result : undefined)),
    durationMs: performance.now() - ctx.started,
  };
}

/** What a snapshot keeps of a round still under way. */
function inProgress(ctx: RoundContext, proposals: readonly (ProposeResult | undefined)[], evaluated?: Evaluated): RoundInProgress {
  return {
    round: ctx.round,
    proposals: proposals.map((p) => p ?? null),
    absent: ctx.absent,
    evaluated: evaluated && storeEvaluated(ctx.plan.panel, evaluated),
  };
}

function enough(ctx: RoundContext, members: RoundMembers, stage: string): void {
  if (members.size < minPresent(ctx.plan.panel.length)) {
    const why = ctx.absent.map((a) => `${a.agent}: ${a.reason}`).join("; ");
    throw new ConcordError("TOO_FEW_AGENTS", `round ${ctx.round} ${stage}: ${members.size} of ${ctx.plan.panel.length} agents left (${why})`);
  }
}

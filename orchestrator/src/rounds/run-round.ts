// One round: propose (with feedback from round 2) → masked cross-evaluation → integer QV tally →
// the round recorded on chain with the present agents' signatures. A round goes on without the
// agents that fail, stay silent or are refused, as long as two remain: an agent that proposed but
// did not evaluate takes its proposal out, and the others re-attest over what is left.
import {
  attestTask, ConcordError, encodeMessage, evaluateTask, type Phase, pickWinner, type ProposeResult, proposeTask,
  subjects, tallyScores,
} from "@concord/agent-sdk/protocol";
import { recordRoundOnce } from "../chain/actions/index.ts";
import type { RoundInProgress } from "../state/snapshot.ts";
import { openPhase, type PhaseCollection } from "./collect-phase.ts";
import { buildFeedback } from "./feedback.ts";
import { maskFor } from "./masking.ts";
import { acceptEvaluation, acceptProposal, type AcceptedEvaluation, type RoundMembers } from "./verify-results.ts";
import type { AbsentAgent, PublishEvent, RoundOutcome, SessionDeps, SessionPlan } from "./types.ts";

/** The fewest agents that must attest a round (the contract's MIN_AGENTS). */
export const MIN_PRESENT = 2;

export interface RoundProgress {
  /** Phases of this round that completed before a restart: they are not asked again. */
  resume?: RoundInProgress;
  /** Called after each completed phase, before the next one starts. */
  save(progress: RoundInProgress): Promise<void>;
  /** The deadline of a phase starting now (its timeout, cut to the wall-clock budget). */
  deadline(): number;
}

interface Evaluated {
  authorOf: Map<string, number>[];
  /** Panel-indexed; undefined where the agent is not (or no longer) in the round. */
  accepted: (AcceptedEvaluation | undefined)[];
  /** The panel indices the accepted ballots cover. */
  members: number[];
}

export async function runRound(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  previous: RoundOutcome | undefined,
  publishEvent: PublishEvent,
  progress: RoundProgress,
): Promise<RoundOutcome> {
  const started = performance.now();
  const panel = plan.panel;
  const absent: AbsentAgent[] = [...(progress.resume?.absent ?? [])];
  const leave = (index: number, reason: string) => absent.push({ agent: panel[index]!.name, reason });
  const enough = (members: readonly number[], stage: string) => {
    if (members.length < MIN_PRESENT) {
      const why = absent.map((a) => `${a.agent}: ${a.reason}`).join("; ");
      throw new ConcordError("TOO_FEW_AGENTS", `round ${round} ${stage}: ${members.length} of ${panel.length} agents left (${why})`);
    }
  };

  const proposals = progress.resume
    ? progress.resume.proposals.map((p) => p ?? undefined)
    : await proposePhase(deps, plan, round, previous, publishEvent, progress.deadline(), leave);
  const proposers = panel.flatMap((_, i) => (proposals[i] ? [i] : []));
  enough(proposers, "propose");
  const save = (evaluated?: Evaluated) =>
    progress.save({
      round,
      proposals: proposals.map((p) => p ?? null),
      absent,
      evaluated: evaluated && {
        authorOf: evaluated.authorOf.map((m) => [...m.entries()]),
        evaluations: evaluated.accepted.map((e) => e ?? null),
        members: evaluated.members,
      },
    });
  if (!progress.resume) await save();

  let evaluated: Evaluated | undefined = progress.resume?.evaluated && {
    authorOf: progress.resume.evaluated.authorOf.map((entries) => new Map(entries)),
    accepted: progress.resume.evaluated.evaluations.map((e) => e ?? undefined),
    members: progress.resume.evaluated.members,
  };
  if (!evaluated) {
    evaluated = await evaluatePhase(deps, plan, round, proposals, proposers, publishEvent, progress.deadline(), leave);
    await save(evaluated);
  }
  // Until every member attested: drop the ones that did not, and have the rest re-attest.
  for (let attempt = 0; ; attempt++) {
    const { members, accepted } = evaluated;
    const attested = members.filter((i) => accepted[i]);
    if (attested.length === members.length) break;
    enough(attested, "attest");
    if (attempt >= 3) throw new ConcordError("TOO_FEW_AGENTS", `round ${round}: the panel kept shrinking while re-attesting`);
    evaluated = await attestPhase(deps, plan, round, proposals, attested, evaluated.authorOf, publishEvent, progress.deadline(), leave);
    await save(evaluated);
  }

  // Tally over the members, then record: the contract recomputes the same integers.
  const { members, accepted, authorOf } = evaluated;
  const hashes = members.map((i) => proposals[i]!.proposalHash);
  const memberScores = tallyScores(members.map((i) => accepted[i]!.votes), members.length);
  const scores = panel.map((_, i) => (members.includes(i) ? memberScores[members.indexOf(i)]! : 0));
  const ballots = panel.map((_, e) => panel.map((__, p) => (members.includes(e) && members.includes(p) ? accepted[e]!.votes[members.indexOf(p)]! : 0)));
  const winnerIndex = members[pickWinner(memberScores, hashes)]!;
  // The round's events (started, phases closed) must be in the stream before it is on chain.
  await publishEvent.flush();
  const onChain = await recordRoundOnce(deps.chain, {
    wallet: deps.orchestrator,
    sessionId: plan.sessionId,
    roundTerms: plan.roundTerms,
    roundsRecorded: plan.roundsRecorded,
    round,
    attestations: members.map((i) => ({
      agentIndex: i, proposalHash: proposals[i]!.proposalHash, votes: accepted[i]!.result.votes, signature: accepted[i]!.result.signature,
    })),
    absentSigners: panel.flatMap((agent, i) => (members.includes(i) ? [] : [agent.signer])),
  });
  const inRound = (i: number) => members.includes(i);
  return {
    round, scores, ballots, winnerIndex, authorOf, absent,
    present: members,
    proposals: proposals.map((p, i) => (inRound(i) ? p : undefined)),
    evaluations: accepted.map((e, i) => (inRound(i) ? e?.result : undefined)),
    durationMs: performance.now() - started,
    onChain: { scores: [...onChain.scores], winnerIndex: onChain.winnerIndex, txHash: onChain.txHash, gasUsed: onChain.gasUsed },
  };
}

async function proposePhase(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  previous: RoundOutcome | undefined,
  publishEvent: PublishEvent,
  deadline: number,
  leave: (index: number, reason: string) => void,
): Promise<(ProposeResult | undefined)[]> {
  const session = plan.sessionId.toString();
  const asked = plan.panel.flatMap((agent, i) => (isDown(deps, agent.name, i, leave) ? [] : [i]));
  const proposing = openPhase({
    nc: deps.nc, sessionId: session, round, phase: "propose", signers: signersOf(plan, asked), deadline,
    accept: (agent, data) => acceptProposal({ sessionId: session, round, agent }, data),
    onAnswer: (answered, total) => deps.reporter?.phaseProgress?.(round, "propose", answered, total),
  });
  for (const i of asked) {
    const agent = plan.panel[i]!;
    const feedback = previous && buildFeedback(i, previous);
    deps.nc.publish(
      subjects.task(session, agent.name, "propose"),
      encodeMessage(proposeTask, { sessionId: session, round, task: plan.task, deadline, feedback }),
    );
  }
  const proposed = await proposing.done;
  closePhase(deps, publishEvent, plan, round, "propose", proposed, asked, leave);
  return plan.panel.map((agent) => proposed.answers.get(agent.name));
}

/** Cross-evaluation under fresh masks, among the agents that proposed. */
async function evaluatePhase(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  proposals: readonly (ProposeResult | undefined)[],
  members: number[],
  publishEvent: PublishEvent,
  deadline: number,
  leave: (index: number, reason: string) => void,
): Promise<Evaluated> {
  const session = plan.sessionId.toString();
  const authorOf = plan.panel.map((_, i) => (members.includes(i) ? maskFor(i, proposals) : { candidates: [], authorOf: new Map<string, number>() }));
  const evaluating = openBallotPhase(deps, plan, round, "evaluate", proposals, members, authorOf.map((m) => m.authorOf), deadline);
  for (const i of members) {
    const { thoughtProcess, solution, proposalHash } = proposals[i]!;
    deps.nc.publish(
      subjects.task(session, plan.panel[i]!.name, "evaluate"),
      encodeMessage(evaluateTask, {
        sessionId: session, round, task: plan.task, deadline,
        ownProposal: { thoughtProcess, solution, proposalHash }, candidates: authorOf[i]!.candidates,
      }),
    );
  }
  const evaluated = await evaluating.done;
  closePhase(deps, publishEvent, plan, round, "evaluate", evaluated, members, leave);
  return {
    authorOf: authorOf.map((v) => v.authorOf),
    accepted: plan.panel.map((agent) => evaluated.answers.get(agent.name)),
    members,
  };
}

/** The members re-sign their ballots over their own proposals only; no model is asked. */
async function attestPhase(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  proposals: readonly (ProposeResult | undefined)[],
  members: number[],
  authorOf: Map<string, number>[],
  publishEvent: PublishEvent,
  deadline: number,
  leave: (index: number, reason: string) => void,
): Promise<Evaluated> {
  const session = plan.sessionId.toString();
  const attesting = openBallotPhase(deps, plan, round, "attest", proposals, members, authorOf, deadline);
  const proposalHashes = members.map((i) => proposals[i]!.proposalHash);
  for (const i of members) {
    deps.nc.publish(
      subjects.task(session, plan.panel[i]!.name, "attest"),
      encodeMessage(attestTask, { sessionId: session, round, deadline, proposalHashes }),
    );
  }
  const attested = await attesting.done;
  closePhase(deps, publishEvent, plan, round, "attest", attested, members, leave);
  return { authorOf, accepted: plan.panel.map((agent) => attested.answers.get(agent.name)), members };
}

/**
 * Opens a phase whose answers are signed ballots over the members' proposals (evaluate, attest):
 * each answer is checked against its author's mask (`authorOf`, by agent index) and the round.
 */
function openBallotPhase(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  phase: "evaluate" | "attest",
  proposals: readonly (ProposeResult | undefined)[],
  members: number[],
  authorOf: readonly Map<string, number>[],
  deadline: number,
) {
  const session = plan.sessionId.toString();
  const contract = contractOf(deps);
  const roundSet: RoundMembers = { members, hashes: members.map((i) => proposals[i]!.proposalHash) };
  return openPhase<AcceptedEvaluation>({
    nc: deps.nc, sessionId: session, round, phase, signers: signersOf(plan, members), deadline,
    accept: (agent, data) => {
      const i = plan.panel.findIndex((a) => a.name === agent);
      return acceptEvaluation({ sessionId: session, round, agent }, plan.panel[i]!, contract, authorOf[i]!, roundSet, proposals[i]!.proposalHash, data);
    },
    onAnswer: (answered, total) => deps.reporter?.phaseProgress?.(round, phase, answered, total),
  });
}

/** Reports a closed phase and records why each asked agent that did not answer is out. */
function closePhase<T>(
  deps: SessionDeps,
  publishEvent: PublishEvent,
  plan: SessionPlan,
  round: number,
  phase: Phase,
  collected: PhaseCollection<T>,
  asked: readonly number[],
  leave: (index: number, reason: string) => void,
): void {
  const names = asked.map((i) => plan.panel[i]!.name);
  const answered = names.filter((n) => collected.answers.has(n));
  const missing = names.filter((n) => !collected.answers.has(n));
  deps.reporter?.phaseClosed?.(round, phase, { answered, missing, rejected: collected.rejected });
  publishEvent.queue({ type: "phase-closed", sessionId: plan.sessionId.toString(), round, phase, answered, missing });
  for (const name of missing) {
    const failure = collected.failures.get(name);
    const rejections = collected.rejected.filter((r) => r.agent === name).map((r) => r.reason);
    const reason = failure ?? (rejections.length ? `refused (${rejections.join("; ")})` : "no answer before the deadline");
    leave(plan.panel.findIndex((a) => a.name === name), `${phase}: ${reason}`);
  }
}

/** An agent known to be down is not asked; it is absent from the round. */
function isDown(deps: SessionDeps, name: string, index: number, leave: (index: number, reason: string) => void): boolean {
  const state = deps.liveness?.of(name);
  if (state?.state !== "down") return false;
  leave(index, `down: ${state.reason}`);
  return true;
}

function signersOf(plan: SessionPlan, members: readonly number[]) {
  return new Map(members.map((i) => [plan.panel[i]!.name, plan.panel[i]!.signer] as const));
}

function contractOf(deps: SessionDeps) {
  return { chainId: deps.chain.deployment.chainId, address: deps.chain.deployment.contracts.Sessions };
}

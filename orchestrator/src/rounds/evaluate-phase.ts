// Cross-evaluation under masks drawn per evaluator and round, among the agents that proposed.
import { connectionState } from "@concord/agent-sdk/agent";
import { encodeTrusted, evaluateTask, roundTermsSameOperator, roundTermsVoteCredits, subjects } from "@concord/agent-sdk/protocol";
import { openBallotPhase } from "./ballot-phase.ts";
import { closePhase } from "./close-phase.ts";
import { acceptedBy, type Evaluated } from "./evaluated.ts";
import { maskFor, type MaskedView } from "./masking.ts";
import { assertOwned } from "./ownership.ts";
import type { RoundContext } from "./round-context.ts";
import type { RoundMembers } from "./round-members.ts";

export async function evaluatePhase(ctx: RoundContext, members: RoundMembers): Promise<Evaluated> {
  const { deps, plan, round, session } = ctx;
  assertOwned(deps.owned, session);
  const deadline = ctx.progress.deadline();
  const proposals = members.proposals;
  const views = members.list.map((member) => ({
    member, view: markSameOperator(plan.roundTerms, member.index, maskFor(member.index, proposals, ctx.draws.shuffleFor("mask", round, member.index))),
  }));
  const shown = new Map(views.map(({ member, view }) => [member.index, view.authorOf]));
  const authorOf = plan.panel.map((_, i) => shown.get(i) ?? new Map<string, number>());
  // The session's credits, from the round terms the plan read once: the votes spend them.
  const voteCredits = roundTermsVoteCredits(plan.roundTerms);
  const evaluating = openBallotPhase(ctx, "evaluate", members, authorOf, deadline);
  // Tasks are core messages: none is sent into an outage, where the agents could miss it.
  // Not awaited when settled, so nothing stands between the held events and the tasks.
  const connection = connectionState(deps.nc);
  if (connection.unsettled()) await connection.settled(deadline);
  // The wait may have outlasted the lock (an outage): checked again before anything is sent.
  assertOwned(deps.owned, session);
  const tasks = new Map(views.map(({ member, view }) => {
    const { thoughtProcess, solution, salt, proposalHash } = member.proposal;
    return [member.agent.name, encodeTrusted(evaluateTask, {
      sessionId: session, round, task: plan.task, deadline,
      ownProposal: { thoughtProcess, solution, salt, proposalHash }, candidates: view.candidates, voteCredits,
    })];
  }));
  const send = (agent: string) => {
    if (deps.owned?.() === false) return; // a resend after the lock lapsed: another owner asks now
    deps.nc.publish(subjects.task(session, agent, "evaluate"), tasks.get(agent)!);
  };
  evaluating.resendWith(send);
  ctx.publishEvent.release(); // the events held so far leave in the same socket write as the tasks
  for (const name of tasks.keys()) send(name);
  const evaluated = await evaluating.done;
  closePhase(ctx, "evaluate", evaluated, members.list.map((m) => m.agent));
  return { members, authorOf, accepted: acceptedBy(members, evaluated) };
}

/**
 * Marks the candidates whose author is another agent of the evaluator's operator: the evaluator
 * must give them 0 (the chain refuses any other vote and would revert the whole round), and cannot
 * tell them apart otherwise. Its operator knows both proposals anyway, so the mark reveals nothing new.
 */
function markSameOperator(terms: bigint, evaluator: number, view: MaskedView): MaskedView {
  const candidates = view.candidates.map((c) =>
    roundTermsSameOperator(terms, evaluator, view.authorOf.get(c.label)!) ? { ...c, sameOperator: true as const } : c);
  return { ...view, candidates };
}

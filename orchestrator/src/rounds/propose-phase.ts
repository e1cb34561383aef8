// The propose phase: every agent not known to be down is asked for a proposal, with feedback on
// its last one from round 2 on.
import { connectionState } from "@concord/agent-sdk/agent";
import { encodeTrusted, type ProposeResult, proposeTask, subjects } from "@concord/agent-sdk/protocol";
import type { PanelAgent } from "../nats/panel-agent.ts";
import { closePhase } from "./close-phase.ts";
import { openPhase } from "./collect-phase.ts";
import { downReasonOf } from "./down-reason.ts";
import { buildFeedback } from "./feedback.ts";
import { assertOwned } from "./ownership.ts";
import type { RoundContext } from "./round-context.ts";
import { acceptProposal } from "./verify-results.ts";

/** The proposals, panel-indexed: undefined for an agent that did not propose. */
export async function proposePhase(ctx: RoundContext): Promise<(ProposeResult | undefined)[]> {
  const { deps, plan, round, session, previous } = ctx;
  assertOwned(deps.owned, session);
  const deadline = ctx.progress.deadline();
  const asked = [...plan.panel.entries()].filter(([, agent]) => !isDown(ctx, agent));
  const proposing = openPhase({
    nc: deps.nc, sessionId: session, round, phase: "propose", deadline,
    signers: new Map(asked.map(([, agent]) => [agent.name, agent.signer])),
    accept: (agent, data) => acceptProposal({ sessionId: session, round, agent }, data),
    onAnswer: (answered, total) => deps.reporter?.phaseProgress?.(round, "propose", answered, total),
    downReason: downReasonOf(ctx, new Map(asked.map(([, agent]) => [agent.name, agent.signer]))),
    late: ctx.late,
  });
  // Tasks are core messages: none is sent into an outage, where the agents could miss it.
  // Not awaited when settled, so nothing stands between the held events and the tasks.
  const connection = connectionState(deps.nc);
  if (connection.unsettled()) await connection.settled(deadline);
  // The wait may have outlasted the lock (an outage): checked again before anything is sent.
  assertOwned(deps.owned, session);
  const tasks = new Map(asked.map(([index, agent]) => [agent.name, encodeTrusted(proposeTask, {
    sessionId: session, round, task: plan.task, deadline, feedback: previous && buildFeedback(index, previous, ctx.draws),
  })]));
  const send = (agent: string) => {
    if (deps.owned?.() === false) return; // a resend after the lock lapsed: another owner asks now
    deps.nc.publish(subjects.task(session, agent, "propose"), tasks.get(agent)!);
  };
  proposing.resendWith(send);
  ctx.publishEvent.release(); // the events held so far leave in the same socket write as the tasks
  for (const name of tasks.keys()) send(name);
  const proposed = await proposing.done;
  closePhase(ctx, "propose", proposed, asked.map(([, agent]) => agent));
  return plan.panel.map((agent) => proposed.answers.get(agent.name));
}

/** An agent known to be down is not asked; it is absent from the round. */
function isDown(ctx: RoundContext, agent: PanelAgent): boolean {
  const reason = downReasonOf(ctx, new Map([[agent.name, agent.signer]]))?.(agent.name);
  if (reason === undefined) return false;
  ctx.leave(agent.name, `down: ${reason}`);
  return true;
}

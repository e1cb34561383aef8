// Re-attestation: when some members did not evaluate, the rest re-sign their ballots over the
// remaining proposals only; no model is asked.
import { connectionState } from "@concord/agent-sdk/agent";
import { attestTask, encodeTrusted, subjects } from "@concord/agent-sdk/protocol";
import { openBallotPhase } from "./ballot-phase.ts";
import { closePhase } from "./close-phase.ts";
import { acceptedBy, type Evaluated } from "./evaluated.ts";
import { assertOwned } from "./ownership.ts";
import type { RoundContext } from "./round-context.ts";
import type { RoundMembers } from "./round-members.ts";

export async function attestPhase(ctx: RoundContext, members: RoundMembers, authorOf: Map<string, number>[]): Promise<Evaluated> {
  const { deps, round, session } = ctx;
  assertOwned(deps.owned, session);
  const deadline = ctx.progress.deadline();
  const attesting = openBallotPhase(ctx, "attest", members, authorOf, deadline);
  const proposalHashes = [...members.hashes];
  // Tasks are core messages: none is sent into an outage, where the agents could miss it.
  // Not awaited when settled, so nothing stands between the held events and the tasks.
  const connection = connectionState(deps.nc);
  if (connection.unsettled()) await connection.settled(deadline);
  // The wait may have outlasted the lock (an outage): checked again before anything is sent.
  assertOwned(deps.owned, session);
  const task = encodeTrusted(attestTask, { sessionId: session, round, deadline, proposalHashes });
  const send = (agent: string) => {
    if (deps.owned?.() === false) return; // a resend after the lock lapsed: another owner asks now
    deps.nc.publish(subjects.task(session, agent, "attest"), task);
  };
  attesting.resendWith(send);
  ctx.publishEvent.release(); // the events held so far leave in the same socket write as the tasks
  for (const { agent } of members.list) send(agent.name);
  const attested = await attesting.done;
  closePhase(ctx, "attest", attested, members.list.map((m) => m.agent));
  return { members, authorOf, accepted: acceptedBy(members, attested) };
}

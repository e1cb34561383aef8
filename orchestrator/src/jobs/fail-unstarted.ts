// A job whose session could not even start because its agents are not live (no heartbeat): the
// session is declared failed on chain like one that gave up mid-run (no declines, so the failure
// is claimed and the submitter may refund after its grace), and session-failed says so.
import { sessionStatusCode } from "@concord/agent-sdk/protocol";
import type { NatsConnection } from "@nats-io/transport-node";
import { readSession } from "../chain/actions/index.ts";
import type { ChainContext } from "../chain/chain-context.ts";
import type { Wallet } from "../chain/write-contract.ts";
import { declareFailure } from "../rounds/declare-failure.ts";
import { eventPublisher } from "../rounds/event-publisher.ts";

export async function failUnstarted(
  deps: { nc: NatsConnection; chain: ChainContext; orchestrator: Wallet; log: (line: string) => void },
  sessionId: string,
  reason: string,
): Promise<void> {
  const id = BigInt(sessionId);
  const session = await readSession(deps.chain, { sessionId: id });
  if (session.status !== sessionStatusCode("Open") || session.orchestrator.toLowerCase() !== deps.orchestrator.account.address.toLowerCase()) return;
  const declared = await declareFailure(deps, { sessionId: id, panel: [], minRounds: session.minRounds }, session.roundsRecorded, reason, []);
  await eventPublisher(deps.nc, sessionId, undefined, { scope: deps.chain.deployment, deadline: session.deadline })({ type: "session-failed", sessionId, reason, ...declared });
}

// Gathers the signed declines agents attach to their refused propose tasks (failedResult.decline),
// for the whole session, so that a session that gives up can show the chain that its agents
// would not work (Sessions.failSession). Each is kept only if it recovers to the agent's key
// snapshotted for the session: the chain refuses the whole call for one that does not.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import {
  decodeMessage, type Decline, failedResult, type SessionsContractRef, subjects,
} from "@concord/agent-sdk/protocol";
import { declineSigner } from "../crypto/known-signers.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";

export interface DeclineCollector {
  /** The valid declines received so far, one per agent, in agent order. */
  settled(): Promise<Decline[]>;
  close(): void;
}

export function collectDeclines(
  nc: NatsConnection, sessionId: bigint, panel: readonly PanelAgent[], contract: SessionsContractRef,
): DeclineCollector {
  const found = new Map<number, Decline>();
  const pending = new Set<Promise<void>>();
  const check = async (data: Uint8Array) => {
    const result = decodeMessage(failedResult, data);
    if (!result.decline || result.sessionId !== sessionId.toString()) return;
    // WASM recovery; a high-s decline is refused here, as failSession would refuse the whole call for it.
    const signer = declineSigner(contract, sessionId, result.decline);
    // By key, not by the name the message claims: only the agent's own key makes a decline count.
    const index = panel.findIndex((a) => a.signer.toLowerCase() === signer.toLowerCase());
    if (index >= 0 && !found.has(index)) found.set(index, { agentIndex: index, signature: result.decline });
  };
  // A callback runs as the message is read, in order with the server's other replies, so once a
  // flush returns every message sent before it has its check under way.
  const subs: Subscription[] = subjects.proposeFailures(sessionId.toString()).map((subject) =>
    nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return;
        // A malformed message or signature is simply not a decline.
        const job = check(msg.data).catch(() => {}).finally(() => pending.delete(job));
        pending.add(job);
      },
    }));
  return {
    async settled() {
      await nc.flush(); // what the server sent before now has reached the callbacks
      await Promise.all([...pending]);
      return [...found.values()].sort((a, b) => a.agentIndex - b.agentIndex);
    },
    close() {
      subs.forEach((s) => s.unsubscribe());
    },
  };
}

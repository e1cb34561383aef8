// Gathers the signed declines agents attach to their refused propose tasks (failedResult.decline),
// for the whole session, so that a session that gives up can show the chain that its agents
// would not work (Sessions.failSession). Each is kept only if it recovers to the agent's key
// snapshotted for the session: the chain refuses the whole call for one that does not. A message is
// read only if it comes from a panel agent's subject, fits MAX_RESULT_BYTES and is signed by that
// agent, as the phases read results; an agent whose decline is found, or whose messages were
// refused MAX_SIGNED_REFUSALS times after their signature was checked (a bad signature, or signed
// and no decline), is not read again.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import {
  decodeMessage, type Decline, failedResult, parseResultSubject, type SessionsContractRef, subjects,
} from "@concord/agent-sdk/protocol";
import { declineSigner } from "../crypto/known-signers.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import { MAX_SIGNED_REFUSALS, screenResult } from "./collect-phase.ts";

export interface DeclineCollector {
  /** The valid declines received so far, one per agent, in agent order. */
  settled(): Promise<Decline[]>;
  /** Per agent, how many of its signed messages were read and were no decline (at most MAX_SIGNED_REFUSALS). */
  refused(): ReadonlyMap<string, number>;
  close(): void;
}

export function collectDeclines(
  nc: NatsConnection, sessionId: bigint, panel: readonly PanelAgent[], contract: SessionsContractRef,
): DeclineCollector {
  const found = new Map<number, Decline>();
  const refused = new Map<string, number>();
  const signers = new Map(panel.map((a) => [a.name, a.signer] as const));
  const pending = new Set<Promise<void>>();
  /**
   * Keeps the decline in agent `index`'s failure if it is that agent's, for this session; throws
   * for a message that is no failure or carries a decline the chain would refuse. A failure with
   * no decline is no refusal: one per propose phase is what an agent whose model errs sends.
   */
  const check = async (index: number, data: Uint8Array) => {
    const result = decodeMessage(failedResult, data); // schema-bounded: a valid failure is small
    if (!result.decline) return;
    if (result.sessionId !== sessionId.toString()) throw new Error("a failure of another session");
    // WASM recovery; a high-s decline is refused here, as failSession would refuse the whole call for it.
    const signer = declineSigner(contract, sessionId, result.decline);
    // By the agent's snapshotted key: what the chain checks.
    if (signer.toLowerCase() !== panel[index]!.signer.toLowerCase()) throw new Error("a decline not signed by its agent's key");
    if (!found.has(index)) found.set(index, { agentIndex: index, signature: result.decline });
  };
  // A callback runs as the message is read, in order with the server's other replies, so once a
  // flush returns every message sent before it has its check under way.
  const subs: Subscription[] = subjects.proposeFailures(sessionId.toString()).map((subject) =>
    nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return;
        const parsed = parseResultSubject(msg.subject);
        const index = panel.findIndex((a) => a.name === parsed?.agent);
        const agent = panel[index];
        // Already declined or refused too often: not read again.
        if (!parsed || !agent || found.has(index) || (refused.get(agent.name) ?? 0) >= MAX_SIGNED_REFUSALS) return;
        // The phases' own screen (panel, size, then signature), over the subject's round; a message
        // it refuses is not the agent's decline. No earlier payload: every failure is read once.
        const screened = screenResult(msg, { round: parsed.round, phase: "propose" }, signers, () => undefined);
        if (!screened.ok) {
          // A bad signature on the agent's own subject (only its NATS user may publish there) is
          // its own doing: counted, so a flood of them costs at most MAX_SIGNED_REFUSALS checks.
          if (screened.kind === "signature") refused.set(agent.name, (refused.get(agent.name) ?? 0) + 1);
          return;
        }
        // A malformed message or signature is simply not a decline.
        const job = check(index, msg.data)
          .catch(() => void refused.set(agent.name, (refused.get(agent.name) ?? 0) + 1))
          .finally(() => pending.delete(job));
        pending.add(job);
      },
    }));
  return {
    async settled() {
      await nc.flush(); // what the server sent before now has reached the callbacks
      await Promise.all([...pending]);
      return [...found.values()].sort((a, b) => a.agentIndex - b.agentIndex);
    },
    refused: () => refused,
    close() {
      subs.forEach((s) => s.unsubscribe());
    },
  };
}

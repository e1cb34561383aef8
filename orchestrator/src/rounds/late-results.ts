// Results that arrive after their phase closed: a phase's own subscription is gone by then, so
// without this a duplicate's count would depend on whether it beat the deadline. One listener per
// session counts each under its kind (replay, equivocation, oversize, signature...; a first answer
// after the close is `late`) for as long as the session runs. Nothing it hears changes a round.
import type { NatsConnection } from "@nats-io/transport-node";
import type { Address } from "viem";
import { parseResultSubject, type Phase, subjects } from "@concord/agent-sdk/protocol";
import { type PhaseWatcher, type Rejection, screenResult } from "./collect-phase.ts";

export interface LateRejection extends Rejection {
  round: number;
  phase: Phase;
}

/** A phase that opens again (a round's next attest) counts its own results until it closes. */
export interface LateResults extends PhaseWatcher {
  close(): void;
}

export function listenForLateResults(
  nc: NatsConnection, session: string, signers: ReadonlyMap<string, Address>, onRejected: (rejection: LateRejection) => void,
): LateResults {
  // Keyed `${round}.${phase}`; copies, since a phase may keep its map.
  const closedPhases = new Map<string, Map<string, Uint8Array>>();
  const sub = nc.subscribe(subjects.sessionResults(session), {
    callback: (error, msg) => {
      if (error) return;
      const parsed = parseResultSubject(msg.subject);
      const first = parsed && closedPhases.get(`${parsed.round}.${parsed.phase}`);
      if (!parsed || !first) return; // an open phase counts its own
      const screened = screenResult(msg, parsed, signers, (agent) => first.get(agent));
      const { round, phase } = parsed;
      if (screened.ok) {
        onRejected({ subject: msg.subject, agent: screened.agent, kind: "late", reason: `answered after the ${phase} phase of round ${round} closed`, round, phase });
      } else {
        onRejected({ subject: msg.subject, agent: screened.agent, kind: screened.kind, reason: screened.reason, round, phase });
      }
    },
  });
  return {
    opened: (round, phase) => void closedPhases.delete(`${round}.${phase}`),
    closed: (round, phase, firstPayloads) => void closedPhases.set(`${round}.${phase}`, new Map(firstPayloads)),
    close: () => sub.unsubscribe(),
  };
}

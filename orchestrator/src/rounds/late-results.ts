// One results subscription per session, routing each result to where it is counted: to its phase
// while the phase is open, else under its kind (replay, equivocation, oversize, signature...; a
// first answer after the close is `late`) for as long as the session runs. With one subscription
// deciding, a result arriving as its phase closes is counted exactly once, whatever the timing.
// Nothing counted here changes a round.
import type { NatsConnection } from "@nats-io/transport-node";
import type { Address } from "viem";
import { parseResultSubject, type Phase, subjects } from "@concord/agent-sdk/protocol";
import type { ResultMessage } from "../nats/stored-results.ts";
import { type PhaseWatcher, type Rejection, screenResult } from "./collect-phase.ts";

/** Late results of one agent (by its subject) screened in a session; the rest are counted unread as `flood`. */
export const MAX_LATE_SCREENED = 64;

/** Results held while a phase closes (a few per agent at most, honestly); the rest are counted unread. */
export const MAX_HELD_WHILE_CLOSING = 1_024;

export interface LateRejection extends Rejection {
  round: number;
  phase: Phase;
}

/** A phase that opens again (a round's next attest) counts its own results until it closes. */
export interface LateResults extends PhaseWatcher {
  close(): void;
}

type PhaseState =
  | { kind: "open"; deliver: (msg: ResultMessage) => void }
  /** Routed away from the phase, which is still reading what it was given: held until it says what it took. */
  | { kind: "closing"; held: ResultMessage[] }
  | { kind: "closed"; first: Map<string, Uint8Array> };

export function listenForLateResults(
  nc: NatsConnection, session: string, signers: ReadonlyMap<string, Address>, onRejected: (rejection: LateRejection) => void,
): LateResults {
  // Keyed `${round}.${phase}`.
  const phases = new Map<string, PhaseState>();
  // Per agent, the late results screened in this session: past MAX_LATE_SCREENED the rest are
  // counted unread. Nothing late is ever used, so the cap loses nothing; it bounds what a flood
  // after the close costs (a signature check over up to MAX_RESULT_BYTES each).
  const screenedBy = new Map<string, number>();
  const count = (msg: ResultMessage, round: number, phase: Phase, first: ReadonlyMap<string, Uint8Array>) => {
    const agent = parseResultSubject(msg.subject)?.agent;
    if (agent !== undefined) {
      const n = screenedBy.get(agent) ?? 0;
      if (n >= MAX_LATE_SCREENED) {
        onRejected({ subject: msg.subject, agent, kind: "flood", reason: `more than ${MAX_LATE_SCREENED} results after their phases closed: counted unread`, round, phase });
        return;
      }
      screenedBy.set(agent, n + 1);
    }
    const screened = screenResult(msg, { round, phase }, signers, (agent) => first.get(agent));
    if (screened.ok) {
      onRejected({ subject: msg.subject, agent: screened.agent, kind: "late", reason: `answered after the ${phase} phase of round ${round} closed`, round, phase });
    } else {
      onRejected({ subject: msg.subject, agent: screened.agent, kind: screened.kind, reason: screened.reason, round, phase });
    }
  };
  const sub = nc.subscribe(subjects.sessionResults(session), {
    callback: (error, msg) => {
      if (error) return;
      const parsed = parseResultSubject(msg.subject);
      const state = parsed && phases.get(`${parsed.round}.${parsed.phase}`);
      if (!parsed || !state) return; // a phase not opened yet: nothing to count it against
      if (state.kind === "open") state.deliver(msg);
      else if (state.kind === "closing") {
        // Held only while the phase drains its queue; a flood in that moment is counted unread.
        if (state.held.length < MAX_HELD_WHILE_CLOSING) state.held.push(msg);
        else onRejected({ subject: msg.subject, agent: parsed.agent, kind: "flood", reason: `more than ${MAX_HELD_WHILE_CLOSING} results while the phase closed: counted unread`, round: parsed.round, phase: parsed.phase });
      }
      else count(msg, parsed.round, parsed.phase, state.first);
    },
  });
  return {
    opened: (round, phase, deliver) => {
      const key = `${round}.${phase}`;
      if (deliver) phases.set(key, { kind: "open", deliver });
      else phases.delete(key); // the phase subscribes itself: it counts its own until it closes
    },
    closing: (round, phase) => {
      const key = `${round}.${phase}`;
      if (phases.get(key)?.kind === "open") phases.set(key, { kind: "closing", held: [] });
    },
    closed: (round, phase, firstPayloads) => {
      const key = `${round}.${phase}`;
      const before = phases.get(key);
      const first = new Map(firstPayloads); // a copy: the phase may keep its map
      phases.set(key, { kind: "closed", first });
      if (before?.kind === "closing") for (const msg of before.held) count(msg, round, phase, first);
    },
    close: () => sub.unsubscribe(),
  };
}

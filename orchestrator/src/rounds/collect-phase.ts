// Gathers one phase's answers from the agents until all have answered or the deadline passes.
// Bad messages are rejected with a reason and counted; they never end the loop.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { parseResultSubject, subjects, type Phase } from "../../../sdk/protocol/subjects.ts";
import { decodeMessage, failedResult } from "../../../sdk/protocol/schemas.ts";

export interface Rejection {
  subject: string;
  agent?: string;
  reason: string;
}

export interface PhaseCollection<T> {
  answers: Map<string, T>;
  /** Agents that reported a failure, with their reason. */
  failures: Map<string, string>;
  rejected: Rejection[];
  missing: string[];
}

export interface CollectPhaseOptions<T> {
  nc: NatsConnection;
  sessionId: string;
  round: number;
  phase: Phase;
  expected: readonly string[];
  deadline: number;
  /** Decodes and checks one answer; throws with a reason to reject it. */
  accept: (agent: string, data: Uint8Array) => Promise<T> | T;
  onAnswer?: (answered: number, total: number) => void;
}

/** Subscribes first; call `fanOut` only after this returns so no answer can be missed. */
export function openPhase<T>(options: CollectPhaseOptions<T>): { done: Promise<PhaseCollection<T>> } {
  const { nc, sessionId, round, phase, expected } = options;
  const result: PhaseCollection<T> = { answers: new Map(), failures: new Map(), rejected: [], missing: [] };
  const pending = new Set(expected);
  const subs: Subscription[] = subjects.phaseResults(sessionId, round, phase).map((s) => nc.subscribe(s));
  const closeAll = () => subs.forEach((s) => s.unsubscribe());
  const timer = setTimeout(closeAll, Math.max(0, options.deadline - Date.now()));

  const consume = async (sub: Subscription) => {
    for await (const msg of sub) {
      const parsed = parseResultSubject(msg.subject);
      const agent = parsed?.agent;
      const reject = (reason: string) => result.rejected.push({ subject: msg.subject, agent, reason });
      if (!parsed || parsed.phase !== phase || parsed.round !== round) {
        reject("unexpected subject");
        continue;
      }
      if (!pending.has(parsed.agent)) {
        reject(expected.includes(parsed.agent) ? "duplicate answer" : "agent is not on this panel");
        continue;
      }
      try {
        if (parsed.kind === "ok") {
          result.answers.set(parsed.agent, await options.accept(parsed.agent, msg.data));
        } else {
          const failure = decodeMessage(failedResult, msg.data);
          result.failures.set(parsed.agent, `${parsed.kind}: ${failure.reason}`);
        }
        pending.delete(parsed.agent);
        options.onAnswer?.(expected.length - pending.size, expected.length);
      } catch (error) {
        reject(error instanceof Error ? error.message : String(error));
      }
      if (pending.size === 0) closeAll();
    }
  };

  const done = Promise.all(subs.map(consume)).then(() => {
    clearTimeout(timer);
    result.missing = [...pending];
    return result;
  });
  return { done };
}

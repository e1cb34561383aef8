// Which agents are alive: the last signed heartbeat heard from each. An agent that said it is
// stopping, or has been silent for `staleAfterMs`, is down; one never heard from is unknown.
// A heartbeat speaks only for the agent whose subject it came on (NATS lets each agent's user
// publish on its own subject only), and, when the caller names the signer it expects (the
// panel's snapshotted key), only if that key signed it. Each subject gets a budget of
// `beatsPerSecond` (a burst of as many): beats past it are dropped before anything is parsed or
// verified, so a flood costs a map lookup each.
// While this side's own connection is down it hears nobody, which says nothing about the agents:
// silence is counted only from when the connection came back, and nobody is judged down meanwhile.
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, heartbeat, type Heartbeat, SIGNATURE_HEADER, subjects } from "@concord/agent-sdk/protocol";
import { verifySignedPayload } from "../crypto/known-signers.ts";

export type AgentLiveness =
  | { state: "alive"; beat: Heartbeat }
  | { state: "down"; reason: string }
  | { state: "unknown" };

export interface LivenessTracker {
  /** `signer`: the key the caller knows the agent by; a beat signed by another says nothing. */
  of(agent: string, now?: number, signer?: string): AgentLiveness;
  /** The name of the alive agent whose heartbeats `signer` signs, if one was heard. */
  nameOf(signer: string, now?: number): string | undefined;
  /** The latest beat of each agent heard within `windowMs` that did not say it is stopping, by name. */
  heardWithin(windowMs: number, now?: number): Map<string, Heartbeat>;
  /** When this tracker began to listen (ms since the epoch). */
  readonly since: number;
  /** Resolves at the next heartbeat taken, or once the subscription has ended. */
  nextBeat(): Promise<void>;
  /** The subscription ended (the connection closed, or close()): nothing more will be heard. */
  readonly ended: boolean;
  close(): void;
}

export function trackLiveness(
  nc: NatsConnection,
  options: { staleAfterMs?: number; beatsPerSecond?: number; onHeartbeat?: (beat: Heartbeat) => void } = {},
): LivenessTracker {
  const staleAfterMs = options.staleAfterMs ?? 6_000;
  // Agents beat every 2 s; the burst lets a "stopping" beat right after a regular one through.
  const rate = options.beatsPerSecond ?? 5;
  const last = new Map<string, { beat: Heartbeat; heardAt: number }>();
  const budgets = new Map<string, { tokens: number; at: number }>();
  const sub = nc.subscribe(subjects.heartbeats());
  const since = Date.now();
  let ended = false;
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of waiters) wake();
    waiters.clear();
  };
  let offline = false;
  let reconnectedAt = 0;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect") offline = true;
      else if (status.type === "reconnect") {
        offline = false;
        reconnectedAt = Date.now();
      }
    }
  })();
  void (async () => {
    for await (const msg of sub) {
      const now = Date.now();
      const budget = budgets.get(msg.subject) ?? { tokens: rate, at: now };
      budget.tokens = Math.min(rate, budget.tokens + ((now - budget.at) / 1000) * rate);
      budget.at = now;
      budgets.set(msg.subject, budget);
      if (budget.tokens < 1) continue;
      budget.tokens -= 1;
      try {
        const beat = decodeMessage(heartbeat, msg.data);
        // Only the agent's own subject speaks for it.
        if (msg.subject !== subjects.heartbeat(beat.agent)) continue;
        verifySignedPayload(msg.data, msg.headers?.get(SIGNATURE_HEADER), beat.signer);
        last.set(beat.agent, { beat, heardAt: now });
        options.onHeartbeat?.(beat);
        wakeAll();
      } catch {
        // An unsigned or malformed heartbeat says nothing about anyone.
      }
    }
  })().finally(() => {
    ended = true;
    wakeAll();
  });
  const tracker: LivenessTracker = {
    of(agent, now = Date.now(), signer) {
      const seen = last.get(agent);
      if (!seen || (signer !== undefined && seen.beat.signer.toLowerCase() !== signer.toLowerCase())) return { state: "unknown" };
      if (seen.beat.status === "stopping") return { state: "down", reason: "it announced it is stopping" };
      const silent = offline ? 0 : now - Math.max(seen.heardAt, reconnectedAt);
      if (silent > staleAfterMs) return { state: "down", reason: `no heartbeat for ${(silent / 1000).toFixed(1)} s` };
      return { state: "alive", beat: seen.beat };
    },
    nameOf(signer, now = Date.now()) {
      const wanted = signer.toLowerCase();
      return [...last.values()].find(({ beat }) => beat.signer.toLowerCase() === wanted && tracker.of(beat.agent, now).state === "alive")?.beat.agent;
    },
    heardWithin(windowMs, now = Date.now()) {
      const heard = new Map<string, Heartbeat>();
      for (const [name, { beat, heardAt }] of last) if (beat.status !== "stopping" && now - heardAt <= windowMs) heard.set(name, beat);
      return heard;
    },
    since,
    get ended() {
      return ended;
    },
    nextBeat: () => (ended ? Promise.resolve() : new Promise<void>((resolve) => waiters.add(resolve))),
    close: () => sub.unsubscribe(),
  };
  return tracker;
}

// Which agents are alive: the last signed heartbeat heard from each. An agent that said it is
// stopping, or has been silent for `staleAfterMs`, is down; one never heard from is unknown.
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, heartbeat, type Heartbeat, SIGNATURE_HEADER, subjects } from "@concord/agent-sdk/protocol";
import { verifySignedPayload } from "../crypto/known-signers.ts";

export type AgentLiveness =
  | { state: "alive"; beat: Heartbeat }
  | { state: "down"; reason: string }
  | { state: "unknown" };

export interface LivenessTracker {
  of(agent: string, now?: number): AgentLiveness;
  /** The name of the alive agent whose heartbeats `signer` signs, if one was heard. */
  nameOf(signer: string, now?: number): string | undefined;
  close(): void;
}

export function trackLiveness(
  nc: NatsConnection,
  options: { staleAfterMs?: number; onHeartbeat?: (beat: Heartbeat) => void } = {},
): LivenessTracker {
  const staleAfterMs = options.staleAfterMs ?? 6_000;
  const last = new Map<string, { beat: Heartbeat; heardAt: number }>();
  const sub = nc.subscribe(subjects.heartbeats());
  void (async () => {
    for await (const msg of sub) {
      try {
        const beat = decodeMessage(heartbeat, msg.data);
        verifySignedPayload(msg.data, msg.headers?.get(SIGNATURE_HEADER), beat.signer);
        last.set(beat.agent, { beat, heardAt: Date.now() });
        options.onHeartbeat?.(beat);
      } catch {
        // An unsigned or malformed heartbeat says nothing about anyone.
      }
    }
  })();
  const tracker: LivenessTracker = {
    of(agent, now = Date.now()) {
      const seen = last.get(agent);
      if (!seen) return { state: "unknown" };
      if (seen.beat.status === "stopping") return { state: "down", reason: "it announced it is stopping" };
      const silent = now - seen.heardAt;
      if (silent > staleAfterMs) return { state: "down", reason: `no heartbeat for ${(silent / 1000).toFixed(1)} s` };
      return { state: "alive", beat: seen.beat };
    },
    nameOf(signer, now = Date.now()) {
      const wanted = signer.toLowerCase();
      return [...last.values()].find(({ beat }) => beat.signer.toLowerCase() === wanted && tracker.of(beat.agent, now).state === "alive")?.beat.agent;
    },
    close: () => sub.unsubscribe(),
  };
  return tracker;
}

// Who is alive, asked of one NATS connection: one liveness tracker (liveness.ts: signed beats on
// the agent's own subject, a flood budget per subject) kept for the connection's life, so a
// question ("is every agent of this session up?") is answered from what was already heard instead
// of listening afresh for a beat (agents beat every 2 s, so a fresh listen cost a preflight or a
// submission about a second on average).
import type { NatsConnection } from "@nats-io/transport-node";
import type { Heartbeat } from "@concord/agent-sdk/protocol";
import { trackLiveness, type LivenessTracker } from "./liveness.ts";

const trackers = new WeakMap<NatsConnection, LivenessTracker>();

/**
 * The liveness tracker of `nc`, shared by everything on that connection (a job worker, the web
 * API's checks); started on first use, it ends with the connection, so no user closes it.
 */
export function livenessOf(nc: NatsConnection): LivenessTracker {
  let tracker = trackers.get(nc);
  if (!tracker || tracker.ended) {
    tracker = trackLiveness(nc);
    trackers.set(nc, tracker);
  }
  return tracker;
}

/**
 * The beats heard on `nc` within `windowMs`, by agent name: as soon as `enough` holds of them, or
 * once the connection has been listened to for `windowMs` in all (then an agent not heard is not
 * beating). The first call on a connection starts listening.
 */
export async function lookupHeartbeats(
  nc: NatsConnection, windowMs: number, enough: (heard: Map<string, Heartbeat>) => boolean,
): Promise<Map<string, Heartbeat>> {
  const tracker = livenessOf(nc);
  const deadline = Math.max(Date.now(), tracker.since + windowMs);
  for (;;) {
    const heard = tracker.heardWithin(windowMs);
    const left = deadline - Date.now();
    if (enough(heard) || left <= 0 || tracker.ended) return heard;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([tracker.nextBeat(), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
    clearTimeout(timer);
  }
}

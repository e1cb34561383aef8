// Waits until every named agent has announced itself ready with a heartbeat.
import type { NatsConnection } from "@nats-io/transport-node";
import {
  ConcordError, decodeMessage, heartbeat, type Heartbeat, SIGNATURE_HEADER, subjects,
} from "@concord/agent-sdk/protocol";
import { verifySignedPayload } from "../crypto/known-signers.ts";

export async function awaitAgentsReady(
  nc: NatsConnection,
  names: readonly string[],
  timeoutMs = 60_000,
): Promise<Map<string, Heartbeat>> {
  const seen = new Map<string, Heartbeat>();
  const subs = names.map((name) => nc.subscribe(subjects.heartbeat(name)));
  const timer = setTimeout(() => subs.forEach((s) => s.unsubscribe()), timeoutMs);
  await Promise.all(
    subs.map(async (sub) => {
      for await (const msg of sub) {
        try {
          const beat = decodeMessage(heartbeat, msg.data);
          // A heartbeat counts only when signed by the key it announces.
          verifySignedPayload(msg.data, msg.headers?.get(SIGNATURE_HEADER), beat.signer);
          if (beat.status === "ready" || beat.status === "busy") {
            seen.set(beat.agent, beat);
            sub.unsubscribe();
          }
        } catch {
          // A malformed or unsigned heartbeat is ignored; the agent is simply not ready yet.
        }
      }
    }),
  );
  clearTimeout(timer);
  const missing = names.filter((n) => !seen.has(n));
  if (missing.length > 0) {
    throw new ConcordError("PROCESS_START_FAILED", `no heartbeat within ${timeoutMs} ms from: ${missing.join(", ")}`);
  }
  return seen;
}

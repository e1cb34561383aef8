// A JetStream request (a KV read or write) tried again while JetStream is briefly unavailable:
// in a cluster a stream or bucket has no leader for a few seconds after its leader dies, and
// requests then meet no responders, a timeout or a 503. Past NO_STREAM_GRACE_MS it is not an
// election any more, and the error stands. Other errors (a refused write, a wrong revision)
// are never retried.
import { NoRespondersError, TimeoutError } from "@nats-io/transport-node";
import { JetStreamApiError } from "@nats-io/jetstream";
import { NO_STREAM_GRACE_MS, PUBLISH_RETRY_FIRST_MS, PUBLISH_RETRY_MAX_MS } from "@concord/agent-sdk/protocol";

export function isTransientJetStreamError(error: unknown): boolean {
  if (error instanceof JetStreamApiError) return error.status === 503;
  if (error instanceof TimeoutError || error instanceof NoRespondersError) return true;
  // nats.js's JetStreamNotEnabled (not exported from the package's entry) is its "no responders".
  return error instanceof Error && (error.name === "JetStreamNotEnabled" || error.cause instanceof NoRespondersError);
}

export async function retryJetStream<T>(attempt: () => Promise<T>, onRetry?: (error: unknown, waitMs: number) => void): Promise<T> {
  const since = Date.now();
  let wait = PUBLISH_RETRY_FIRST_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransientJetStreamError(error) || Date.now() - since + wait > NO_STREAM_GRACE_MS) throw error;
      onRetry?.(error, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(PUBLISH_RETRY_MAX_MS, wait * 2);
    }
  }
}

// A JetStream publish tried again, with capped exponential backoff, until the stream acks it or
// the deadline passes: a NATS restart mid-phase delays an answer instead of losing it. Retries
// are safe because every publish carries a message id: a retry of one that was stored after all
// is acked as a duplicate, never stored twice. While the connection is down (or just back) a try
// waits for it rather than firing into the outage (connection-state.ts says why).
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { NO_STREAM_GRACE_MS, PUBLISH_RETRY_FIRST_MS, PUBLISH_RETRY_MAX_MS } from "../protocol/limits.ts";
import { connectionState } from "./connection-state.ts";
import { publishToStream, StreamPublishError, type StreamAck } from "./stream-publish.ts";

export interface PublishUntilOptions {
  /** Required: the dedupe that makes a retry harmless. */
  msgID: string;
  headers?: MsgHdrs;
  /** Milliseconds since the epoch after which the publish is given up (the phase's deadline). */
  deadline: number;
  /** Told of each failed try that will be tried again, with how long until the next. */
  onRetry?: (error: unknown, waitMs: number) => void;
  /** Told when a try waits for the connection to come back. */
  onWait?: () => void;
  /**
   * Called before each retry; throwing stops the publish with that error. A try that timed out
   * may have been stored after all, and a retry puts a second copy on the wire for core
   * subscribers (the stream keeps one): a sender that lost its right to send (an orchestrator
   * whose session lock lapsed while it was frozen) must not send it again.
   */
  beforeRetry?: () => void;
}

export async function publishUntil(nc: NatsConnection, subject: string, data: Uint8Array, options: PublishUntilOptions): Promise<StreamAck> {
  const connection = connectionState(nc);
  let wait = PUBLISH_RETRY_FIRST_MS;
  let noStreamSince: number | undefined;
  for (;;) {
    if (connection.unsettled()) {
      options.onWait?.();
      await connection.settled(options.deadline);
    }
    // Each try is bounded by what is left (a late answer still gets one fair try).
    const timeout = Math.max(1_000, Math.min(5_000, options.deadline - Date.now()));
    try {
      return await publishToStream(nc, subject, data, { msgID: options.msgID, headers: options.headers, timeoutMs: timeout });
    } catch (error) {
      // The stream refused it (not an outage; 503 is JetStream still starting), or the connection
      // is closed for good: no retry helps. No stream answering is a leader election for a while
      // (NO_STREAM_GRACE_MS), then a stream that does not exist.
      if (!(error instanceof StreamPublishError) || nc.isClosed()) throw error;
      if (error.kind === "closed" || (error.kind === "refused" && error.status !== 503)) throw error;
      if (error.kind === "no-stream") {
        noStreamSince ??= Date.now();
        if (Date.now() - noStreamSince >= NO_STREAM_GRACE_MS) throw error;
      } else {
        noStreamSince = undefined;
      }
      if (Date.now() + wait >= options.deadline) throw error;
      options.beforeRetry?.();
      options.onRetry?.(error, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(PUBLISH_RETRY_MAX_MS, wait * 2);
      options.beforeRetry?.();
    }
  }
}

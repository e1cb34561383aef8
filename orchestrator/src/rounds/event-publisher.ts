// Session events go to JetStream: the app's feed and the session's audit trail. Each carries a
// message id derived from what it says, so a resumed session's replays dedupe. Events on a round's
// critical path (round started, phase closed) are queued: sent at once and in order, with their
// acks awaited together before the round's record is sent (the record outbox waits for them, not
// the round), so a failed publish still fails the session but no phase, and no tally, waits a
// stream round trip for one. A publish that fails while NATS is down is tried
// again (the message id makes that harmless) for EVENT_PUBLISH_OUTAGE_MS before it fails the round.
import type { NatsConnection } from "@nats-io/transport-node";
import { publishUntil } from "@concord/agent-sdk/agent";
import { encodeTrusted, EVENT_PUBLISH_OUTAGE_MS, sessionEvent, type SessionEvent, subjects } from "@concord/agent-sdk/protocol";
import { assertOwned } from "./ownership.ts";
import { type SessionInstance, sessionInstanceKey } from "../state/session-key.ts";

export interface EventPublisher {
  /** Publishes and waits for the stream's ack. */
  (event: SessionEvent): Promise<void>;
  /** Publishes now; its ack is awaited by the next flush(). */
  queue(event: SessionEvent): void;
  /** Waits for the acks of everything queued so far; throws the first failure. */
  flush(): Promise<void>;
}

/**
 * `owned`: false once this orchestrator lost the session; then nothing is published (SESSION_LOST).
 * `instance`: which on-chain session, in every message id, so that the stream's duplicate window
 * never drops a new chain's event as a repeat of an old chain's session of the same id.
 */
export function eventPublisher(nc: NatsConnection, session: string, owned?: () => boolean, instance?: SessionInstance): EventPublisher {
  const idPrefix = instance ? sessionInstanceKey(instance, session) : session;
  let queued: Promise<unknown>[] = [];
  const send = async (event: SessionEvent) => {
    assertOwned(owned, session);
    const where = "round" in event ? `.${event.round}${"phase" in event ? `.${event.phase}` : ""}` : "";
    await publishUntil(nc, subjects.event(session, event.type), encodeTrusted(sessionEvent, event), {
      msgID: `${idPrefix}.${event.type}${where}`, deadline: Date.now() + EVENT_PUBLISH_OUTAGE_MS,
      // A retry after a timeout (say, this process was frozen mid-publish) is a send too.
      beforeRetry: () => assertOwned(owned, session),
    });
  };
  const publish = (event: SessionEvent) => send(event);
  publish.queue = (event: SessionEvent) => {
    // Settled into a value here so that a failure is never an unhandled rejection before flush().
    queued.push(send(event).then(() => undefined, (error: unknown) => ({ error })));
  };
  publish.flush = async () => {
    // Taken now: what is queued while these acks are awaited is the next flush's.
    const pending = queued;
    queued = [];
    const results = await Promise.all(pending);
    const failed = results.find((r): r is { error: unknown } => r !== undefined);
    if (failed) throw failed.error;
  };
  return publish;
}

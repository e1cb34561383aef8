// Session events go to JetStream: the app's feed and the session's audit trail. Each carries a
// message id derived from what it says, so a resumed session's replays dedupe. Events on a round's
// critical path (round started, phase closed) are queued: sent at once and in order, with their
// acks awaited together before the round's record is sent (the record outbox waits for them, not
// the round), so a failed publish still fails the session but no phase, and no tally, waits a
// stream round trip for one. A queued event is held until the next tasks go out (`release`), or to
// the end of this turn of the event loop when none do, so that it leaves in the tasks' socket write:
// on a loopback socket each write costs the sender and nats-server a system call and a wake-up.
// A publish that fails while NATS is down is tried
// again (the message id makes that harmless) for EVENT_PUBLISH_OUTAGE_MS before it fails the round.
import type { NatsConnection } from "@nats-io/transport-node";
import { publishUntil } from "@concord/agent-sdk/agent";
import { encodeTrusted, EVENT_PUBLISH_OUTAGE_MS, sessionEvent, type SessionEvent, subjects } from "@concord/agent-sdk/protocol";
import { assertOwned } from "./ownership.ts";
import { type SessionInstance, sessionInstanceKey } from "../state/session-key.ts";

export interface EventPublisher {
  /** Publishes and waits for the stream's ack. */
  (event: SessionEvent): Promise<void>;
  /**
   * Publishes with the next tasks (`release`), at the latest at the end of this turn of the event
   * loop; its ack is awaited by the next flush().
   */
  queue(event: SessionEvent): void;
  /** Publishes the held events now, in order: called just before tasks are sent, and by every other publish. */
  release(): void;
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
  let held: SessionEvent[] = [];
  let releasing: ReturnType<typeof setImmediate> | undefined;
  const release = () => {
    if (releasing) clearImmediate(releasing);
    releasing = undefined;
    const events = held;
    held = [];
    // Settled into a value here so that a failure is never an unhandled rejection before flush().
    for (const event of events) queued.push(send(event).then(() => undefined, (error: unknown) => ({ error })));
  };
  // What is held goes first: the stream keeps this publisher's events in the order they were made.
  const publish = (event: SessionEvent) => {
    release();
    return send(event);
  };
  publish.queue = (event: SessionEvent) => {
    held.push(event);
    releasing ??= setImmediate(release);
  };
  publish.release = release;
  publish.flush = async () => {
    release();
    // Taken now: what is queued while these acks are awaited is the next flush's.
    const pending = queued;
    queued = [];
    const results = await Promise.all(pending);
    const failed = results.find((r): r is { error: unknown } => r !== undefined);
    if (failed) throw failed.error;
  };
  return publish;
}

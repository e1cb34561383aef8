// One session's events as they were published: the ones JetStream stored first, then live ones,
// through an ordered consumer on the session's event subjects (stream NSED_EVENTS). For readers
// without a NATS connection of their own (the dApp server's event stream, the chat gateway).
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, type SessionEvent, sessionEvent, streams, subjects } from "@concord/agent-sdk/protocol";

export type FedSessionEvent = { readonly event: SessionEvent; /** The stream sequence: resumes a feed (`afterSequence`). */ readonly sequence: number };

export type SessionEventFeed = AsyncIterable<FedSessionEvent> & {
  /** Ends the feed and deletes its consumer; resolves once the server answered. Safe to call more than once. */
  stop(): Promise<void>;
};

/**
 * How long nats-server keeps a feed's consumer that nobody pulls from. stop() deletes it; this is
 * the backstop for a feed that never stops (its process died). A live feed always has a pull
 * waiting, and an ordered consumer deleted during an outage is recreated where it left off.
 */
export const FEED_CONSUMER_INACTIVE_MS = 30_000;

/** The events after which a session publishes nothing more. */
export function isFinalSessionEvent(event: SessionEvent): boolean {
  return event.type === "session-settled" || event.type === "session-failed";
}

/**
 * Every event of `sessionId` from the first stored one (or after `afterSequence`), live ones as
 * they come, until stop() or a final event. An undecodable message is skipped: the stream is
 * writable by anyone allowed to publish events, and one bad message must not end the feed.
 */
export async function sessionEventFeed(nc: NatsConnection, sessionId: string, afterSequence?: number): Promise<SessionEventFeed> {
  const consumer = await jetstream(nc).consumers.get(streams.events.name, {
    filter_subjects: subjects.sessionEvents(sessionId),
    inactive_threshold: FEED_CONSUMER_INACTIVE_MS,
    ...(afterSequence === undefined
      ? { deliver_policy: DeliverPolicy.All }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSequence + 1 }),
  });
  const messages = await consumer.consume().catch(async (error: unknown) => {
    await consumer.delete().catch(() => undefined);
    throw error;
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      // Not awaited: close() settles only once an iterator takes the stop, and a feed stopped
      // before anyone iterated it has none. The subscription and pulls end at once either way.
      void messages.close();
      // Closing the iterator leaves the consumer on the server; delete() removes the current one
      // (an ordered consumer's name changes when it is recreated). Already gone is fine.
      await consumer.delete().catch(() => undefined);
    })());
  async function* events(): AsyncGenerator<FedSessionEvent> {
    try {
      for await (const msg of messages) {
        let event: SessionEvent;
        try {
          event = decodeMessage(sessionEvent, msg.data);
        } catch {
          continue;
        }
        yield { event, sequence: msg.seq };
        if (isFinalSessionEvent(event)) return;
      }
    } finally {
      await stop();
    }
  }
  const iterable = events();
  return { [Symbol.asyncIterator]: () => iterable, stop };
}

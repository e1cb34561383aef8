// One session's events as they were published: the ones JetStream stored first, then live ones,
// through an ordered consumer on the session's event subjects (stream NSED_SESSIONS). For readers
// without a NATS connection of their own (the dApp server's event stream, the chat gateway).
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, type SessionEvent, sessionEvent, streams, subjects } from "@concord/agent-sdk/protocol";

export type FedSessionEvent = { readonly event: SessionEvent; /** The stream sequence: resumes a feed (`afterSequence`). */ readonly sequence: number };

export type SessionEventFeed = AsyncIterable<FedSessionEvent> & { stop(): Promise<void> };

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
  const consumer = await jetstream(nc).consumers.get(streams.sessions.name, {
    filter_subjects: subjects.sessionEvents(sessionId),
    ...(afterSequence === undefined
      ? { deliver_policy: DeliverPolicy.All }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSequence + 1 }),
  });
  const messages = await consumer.consume();
  const stop = async () => {
    await messages.close().catch(() => undefined);
  };
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

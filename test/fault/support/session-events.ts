// Session events as JetStream stores them (the audit trail the orchestrator publishes), read
// through ordered consumers, which survive a server restart or a leader change.
import { jetstream, DeliverPolicy } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, sessionEvent, type SessionEvent, streams } from "@concord/agent-sdk/protocol";

/** Every stored event of every session, in stream order. */
export async function storedEvents(nc: NatsConnection): Promise<SessionEvent[]> {
  const consumer = await jetstream(nc).consumers.get(streams.sessions.name, { filter_subjects: "nsed.*.event.>" });
  const events: SessionEvent[] = [];
  for (;;) {
    // An empty stream answers nothing: the expiry ends the read.
    const msg = await consumer.next({ expires: 2_000 });
    if (!msg) break;
    events.push(decodeMessage(sessionEvent, msg.data));
    if (msg.info.pending === 0) break;
  }
  await consumer.delete().catch(() => {});
  return events;
}

export interface EventWatch {
  /** Resolves with the first event (stored or new) that `match` accepts. */
  until(match: (event: SessionEvent) => boolean): Promise<SessionEvent>;
  /**
   * Resolves once each session has settled or failed, or after `ms`: the sessions that ended,
   * so a case that loses a session reports it instead of hanging.
   */
  ends(sessionIds: readonly string[], ms: number): Promise<Set<string>>;
  close(): void;
}

/** Follows the events of every session from the start of the stream. */
export async function watchEvents(nc: NatsConnection): Promise<EventWatch> {
  const consumer = await jetstream(nc).consumers.get(streams.sessions.name, {
    filter_subjects: "nsed.*.event.>", deliver_policy: DeliverPolicy.All,
  });
  const seen: SessionEvent[] = [];
  const waiters: { match: (e: SessionEvent) => boolean; resolve: (e: SessionEvent) => void }[] = [];
  const messages = await consumer.consume();
  void (async () => {
    for await (const msg of messages) {
      const event = decodeMessage(sessionEvent, msg.data);
      seen.push(event);
      for (const w of waiters.filter((w) => w.match(event))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  })();
  const until = (match: (e: SessionEvent) => boolean) => {
    const found = seen.find(match);
    return found ? Promise.resolve(found) : new Promise<SessionEvent>((resolve) => waiters.push({ match, resolve }));
  };
  const isEnd = (e: SessionEvent) => e.type === "session-settled" || e.type === "session-failed";
  return {
    until,
    async ends(sessionIds, ms) {
      const ended = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(sessionIds.map((id) => until((e) => e.sessionId === id && isEnd(e)).then(() => ended.add(id)))),
        new Promise((resolve) => (timer = setTimeout(resolve, ms))),
      ]);
      clearTimeout(timer);
      return new Set(ended);
    },
    close: () => void messages.close(),
  };
}

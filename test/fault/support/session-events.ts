// Session events as the orchestrators publish them: read back from JetStream (the audit trail),
// and followed live for the moments a case waits on.
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, sessionEvent, type SessionEvent, streams } from "@concord/agent-sdk/protocol";

/** Every session's events (the events stream holds them; subjects.sessionEvents builds one session's). */
const ALL_EVENTS = "nsed.*.event.*";

/**
 * Every stored event of every session, in stream order. A cluster that just lost a node answers
 * "jetstream is not enabled" or not at all until its new leaders are elected (seconds): the read is
 * tried again a few times, since the suite's own reading must not be what fails a case.
 */
export async function storedEvents(nc: NatsConnection, options: { tries?: number; fromSeq?: number } = {}): Promise<SessionEvent[]> {
  const tries = options.tries ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return await readStoredEvents(nc, options.fromSeq);
    } catch (error) {
      if (attempt >= tries) throw error;
    }
  }
}

async function readStoredEvents(nc: NatsConnection, fromSeq?: number): Promise<SessionEvent[]> {
  const from = fromSeq === undefined ? {} : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSeq };
  const consumer = await jetstream(nc).consumers.get(streams.events.name, { filter_subjects: ALL_EVENTS, ...from });
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
  /**
   * How many times an end event of `type` for the session was published, as seen live: JetStream
   * drops a repeat with the same message id from the stream, but every publish reaches a subscriber.
   */
  published(sessionId: string, type: "session-settled" | "session-failed"): number;
  close(): void;
}

/** The identity JetStream dedupes an event by (its publisher's message id). */
const keyOf = (e: SessionEvent) => `${e.sessionId}.${e.type}.${"round" in e ? e.round : ""}.${"phase" in e ? e.phase : ""}`;

/**
 * Follows the events of every session as they are published (a core subscription, which the
 * client renews after a reconnect); after each reconnect the stream is read again for what was
 * published while this client was away (another node of a cluster may have taken it).
 */
export async function watchEvents(nc: NatsConnection): Promise<EventWatch> {
  const seen = new Map<string, SessionEvent>();
  const waiters: { match: (e: SessionEvent) => boolean; resolve: (e: SessionEvent) => void }[] = [];
  const publishes = new Map<string, number>();
  const take = (event: SessionEvent, live = false) => {
    if (live) publishes.set(keyOf(event), (publishes.get(keyOf(event)) ?? 0) + 1);
    if (seen.has(keyOf(event))) return;
    seen.set(keyOf(event), event);
    for (const w of waiters.filter((w) => w.match(event))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(event);
    }
  };
  const sub = nc.subscribe(ALL_EVENTS);
  void (async () => {
    for await (const msg of sub) {
      try {
        take(decodeMessage(sessionEvent, msg.data), true);
      } catch {
        // Not an event the suite audits.
      }
    }
  })();
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "reconnect") void storedEvents(nc).then((events) => events.forEach((e) => take(e)), () => {});
    }
  })();
  const until = (match: (e: SessionEvent) => boolean) => {
    const found = [...seen.values()].find(match);
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
    published: (sessionId, type) => publishes.get(`${sessionId}.${type}..`) ?? 0,
    close: () => sub.unsubscribe(),
  };
}

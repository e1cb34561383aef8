// Session events on a real nats-server with JetStream: the ones queued on a round's critical path
// land in the stream in order once flushed, and a publish that fails surfaces at the flush.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { eventPublisher } from "@concord/orchestrator/rounds/event-publisher.ts";
import { decodeMessage, sessionEvent, streams } from "@concord/agent-sdk/protocol";

describe("eventPublisher on a real nats-server", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await ensureStreams(nc);
  });
  after(async () => {
    await nc?.drain();
    await server?.stop();
  });

  it("puts queued events in the stream, in order, by the time flush() resolves", async () => {
    const publish = eventPublisher(nc, "41");
    publish.queue({ type: "round-started", sessionId: "41", round: 1 });
    publish.queue({ type: "phase-closed", sessionId: "41", round: 1, phase: "propose", answered: ["a", "b"], missing: [] });
    publish.queue({ type: "phase-closed", sessionId: "41", round: 1, phase: "evaluate", answered: ["a", "b"], missing: [] });
    await publish.flush();
    const jsm = await jetstreamManager(nc);
    // A fresh stream: these are its only messages.
    const consumer = await jetstream(nc).consumers.get(streams.events.name);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await consumer.next({ expires: 5_000 });
      assert.ok(m, "event in the stream");
      const e = decodeMessage(sessionEvent, m.data);
      seen.push("phase" in e ? `${e.type}:${e.phase}` : e.type);
    }
    assert.deepEqual(seen, ["round-started", "phase-closed:propose", "phase-closed:evaluate"]);
    assert.equal((await jsm.streams.info(streams.events.name)).state.messages, 3);
    await publish.flush(); // nothing queued: resolves at once
  });

  it("flushes what was queued before the call: an event queued while it waits is the next flush's", async () => {
    // A round's record waits for its own events' acks while the next round queues its own.
    let owned = true;
    const publish = eventPublisher(nc, "43", () => owned);
    publish.queue({ type: "round-started", sessionId: "43", round: 1 });
    const first = publish.flush();
    owned = false; // the next event fails (SESSION_LOST) while the first flush waits
    publish.queue({ type: "round-started", sessionId: "43", round: 2 });
    await first;
    await assert.rejects(publish.flush(), /43/);
  });

  it("holds a queued event for the next tasks: sent at release(), or at the end of the event loop's turn", async () => {
    const publish = eventPublisher(nc, "44");
    const sent = () => nc.stats().outMsgs;
    const before = sent();
    publish.queue({ type: "round-started", sessionId: "44", round: 1 });
    assert.equal(sent(), before, "held, not yet handed to the connection");
    publish.release(); // as a phase does just before its tasks: both go out in one socket write
    assert.equal(sent(), before + 1, "handed over at once, in the caller's turn");
    publish.queue({ type: "phase-closed", sessionId: "44", round: 1, phase: "propose", answered: ["a"], missing: [] });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent(), before + 2, "no tasks followed: sent at the end of the turn");
    await publish.flush();
  });

  it("sends what it holds before a direct publish, so the stream keeps the order the events were made in", async () => {
    const publish = eventPublisher(nc, "45");
    publish.queue({ type: "round-started", sessionId: "45", round: 1 });
    await publish({ type: "phase-closed", sessionId: "45", round: 1, phase: "propose", answered: ["a"], missing: [] });
    await publish.flush();
    const consumer = await jetstream(nc).consumers.get(streams.events.name, { filter_subjects: "nsed.45.event.>" });
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const m = await consumer.next({ expires: 5_000 });
      assert.ok(m, "event in the stream");
      seen.push(decodeMessage(sessionEvent, m.data).type);
    }
    assert.deepEqual(seen, ["round-started", "phase-closed"]);
  });

  it("surfaces a failed publish at the flush, not as an unhandled rejection before it", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(streams.events.name); // no stream takes the subject any more
    const publish = eventPublisher(nc, "42");
    publish.queue({ type: "round-started", sessionId: "42", round: 1 });
    await assert.rejects(publish.flush());
    await ensureStreams(nc);
  });
});

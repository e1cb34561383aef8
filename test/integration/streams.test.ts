// The JetStream streams on a real nats-server: created with size and age limits from the one
// limits module, and a stream made without them (an older deployment) brought up to date; events
// in a stream of their own, which an older sessions stream that also held them gives up.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { NatsConnection } from "@nats-io/transport-node";
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { natsForSuite } from "../support/nats-for-suite.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import {
  EVENTS_STREAM_MAX_BYTES, JOBS_STREAM_MAX_AGE_MS, JOBS_STREAM_MAX_BYTES, SESSIONS_STREAM_MAX_AGE_MS, SESSIONS_STREAM_MAX_BYTES, streams, subjects,
} from "@concord/agent-sdk/protocol";
import { jetstream } from "@nats-io/jetstream";

const NANOS_PER_MS = 1_000_000;

describe("the JetStream streams", () => {
  let nc: NatsConnection;

  natsForSuite((_server, c) => (nc = c));

  it("bound what they keep by size and age, dropping the oldest, and update a stream made without limits", async () => {
    const jsm = await jetstreamManager(nc);
    // As an older deployment made it: no limits.
    await jsm.streams.add({
      name: streams.sessions.name, subjects: [...streams.sessions.subjects], retention: RetentionPolicy.Limits, storage: StorageType.File,
    });
    await ensureStreams(nc);
    const sessions = (await jsm.streams.info(streams.sessions.name)).config;
    assert.equal(sessions.max_bytes, SESSIONS_STREAM_MAX_BYTES);
    assert.equal(sessions.max_age, SESSIONS_STREAM_MAX_AGE_MS * NANOS_PER_MS);
    assert.equal(sessions.discard, DiscardPolicy.Old);
    assert.deepEqual(sessions.subjects, [...streams.sessions.subjects], "nothing else changed");
    const jobs = (await jsm.streams.info(streams.jobs.name)).config;
    assert.equal(jobs.max_bytes, JOBS_STREAM_MAX_BYTES);
    assert.equal(jobs.max_age, JOBS_STREAM_MAX_AGE_MS * NANOS_PER_MS);
    assert.equal(jobs.retention, RetentionPolicy.Workqueue);
    // Idempotent: a second call finds nothing to change.
    await ensureStreams(nc);
    assert.equal((await jsm.streams.info(streams.sessions.name)).config.max_bytes, SESSIONS_STREAM_MAX_BYTES);
  });

  it("keeps events in a stream of their own, so results, however many, never push them out", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(streams.sessions.name).catch(() => false);
    await jsm.streams.delete(streams.events.name).catch(() => false);
    // As deployments before made it: results and events in one stream.
    await jsm.streams.add({
      name: streams.sessions.name, subjects: [...streams.sessions.subjects, ...streams.events.subjects],
      retention: RetentionPolicy.Limits, storage: StorageType.File,
    });
    await ensureStreams(nc);
    assert.deepEqual((await jsm.streams.info(streams.sessions.name)).config.subjects, [...streams.sessions.subjects], "the old stream gave the events up");
    const events = (await jsm.streams.info(streams.events.name)).config;
    assert.deepEqual(events.subjects, [...streams.events.subjects]);
    assert.equal(events.max_bytes, EVENTS_STREAM_MAX_BYTES);
    assert.equal(events.discard, DiscardPolicy.Old);
    // A full results stream drops its own oldest messages, never an event.
    const js = jetstream(nc);
    await js.publish(subjects.event("7", "halted"), new TextEncoder().encode("{}"));
    const { config } = await jsm.streams.info(streams.sessions.name);
    await jsm.streams.update(streams.sessions.name, { ...config, max_bytes: 64 * 1024 });
    const junk = new Uint8Array(8 * 1024);
    for (let i = 0; i < 40; i++) await js.publish(subjects.result(String(i), 1, "mallory", "propose"), junk);
    assert.ok((await jsm.streams.info(streams.sessions.name)).state.bytes <= 64 * 1024, "the results stream stays within its bound");
    assert.equal((await jsm.streams.getMessage(streams.events.name, { last_by_subj: subjects.event("7", "halted") }))?.subject, subjects.event("7", "halted"), "the event is still there");
    await ensureStreams(nc); // back to the real limits for the next file
  });
});

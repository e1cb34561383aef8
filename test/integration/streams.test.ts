// The JetStream streams on a real nats-server: created with size and age limits from the one
// limits module, and a stream made without them (an older deployment) brought up to date.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { NatsConnection } from "@nats-io/transport-node";
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { natsForSuite } from "../support/nats-for-suite.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import {
  JOBS_STREAM_MAX_AGE_MS, JOBS_STREAM_MAX_BYTES, SESSIONS_STREAM_MAX_AGE_MS, SESSIONS_STREAM_MAX_BYTES, streams,
} from "@concord/agent-sdk/protocol";

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
});

// Creates the JetStream streams and the shared job consumer Concord needs, if they are missing,
// and brings an existing stream's limits (size, age) up to date. Results and events live in
// separate streams: agents publish results, only orchestrators publish events, so no agent's junk
// can push a session's events (its transcript) out of a full stream.
import { AckPolicy, DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import {
  EVENTS_STREAM_MAX_BYTES, JOBS_STREAM_MAX_AGE_MS, JOBS_STREAM_MAX_BYTES, SESSIONS_STREAM_MAX_AGE_MS, SESSIONS_STREAM_MAX_BYTES, streams,
} from "@concord/agent-sdk/protocol";

const NANOS_PER_MS = 1_000_000;

type Limits = Pick<StreamConfig, "max_bytes" | "max_age" | "discard">;

async function ensureStream(jsm: JetStreamManager, config: Parameters<JetStreamManager["streams"]["add"]>[0] & Limits) {
  let existing: StreamConfig;
  try {
    existing = (await jsm.streams.info(config.name!)).config;
  } catch {
    await jsm.streams.add(config);
    return;
  }
  // A stream made before its limits existed (or with others) gets them; nothing else changes.
  if (existing.max_bytes !== config.max_bytes || existing.max_age !== config.max_age || existing.discard !== config.discard) {
    await jsm.streams.update(config.name!, { ...existing, max_bytes: config.max_bytes, max_age: config.max_age, discard: config.discard });
  }
}

/** A file-backed stream of `stream`'s subjects that drops its oldest messages past its limits. */
function fileStream(
  stream: { name: string; subjects: readonly string[] },
  retention: RetentionPolicy,
  limits: { bytes: number; ageMs: number; duplicatesMs: number },
  replicas: number,
): Parameters<JetStreamManager["streams"]["add"]>[0] & Limits {
  return {
    name: stream.name, subjects: [...stream.subjects], retention, storage: StorageType.File, num_replicas: replicas,
    duplicate_window: limits.duplicatesMs * NANOS_PER_MS, max_bytes: limits.bytes, max_age: limits.ageMs * NANOS_PER_MS, discard: DiscardPolicy.Old,
  };
}

/** Drops from an existing sessions stream any subject the events stream now captures. */
async function releaseEventSubjects(jsm: JetStreamManager): Promise<void> {
  let existing: StreamConfig;
  try {
    existing = (await jsm.streams.info(streams.sessions.name)).config;
  } catch {
    return; // none yet: it is made with its own subjects
  }
  const kept = existing.subjects?.filter((subject) => !(streams.events.subjects as readonly string[]).includes(subject)) ?? [];
  if (kept.length !== (existing.subjects?.length ?? 0)) await jsm.streams.update(streams.sessions.name, { ...existing, subjects: kept });
}

export interface StreamOptions {
  /** How long a job may go without an ack or a progress signal before it is redelivered. */
  jobAckWaitMs?: number;
  /** Copies of each stream kept in a JetStream cluster (default 1); applies when a stream is created. */
  replicas?: number;
}

export async function ensureStreams(nc: NatsConnection, options: StreamOptions = {}): Promise<void> {
  const jsm = await jetstreamManager(nc);
  // A sessions stream made when it also held the events gives them up first: two streams may not
  // capture one subject. Events stored there before stay there (readable by sequence), not moved.
  await releaseEventSubjects(jsm);
  const replicas = options.replicas ?? 1;
  // Results carry message ids: a redelivered answer within the duplicate window is dropped.
  await ensureStream(jsm, fileStream(streams.sessions, RetentionPolicy.Limits, { bytes: SESSIONS_STREAM_MAX_BYTES, ageMs: SESSIONS_STREAM_MAX_AGE_MS, duplicatesMs: 2 * 60_000 }, replicas));
  await ensureStream(jsm, fileStream(streams.events, RetentionPolicy.Limits, { bytes: EVENTS_STREAM_MAX_BYTES, ageMs: SESSIONS_STREAM_MAX_AGE_MS, duplicatesMs: 2 * 60_000 }, replicas));
  await ensureStream(jsm, fileStream(streams.jobs, RetentionPolicy.Workqueue, { bytes: JOBS_STREAM_MAX_BYTES, ageMs: JOBS_STREAM_MAX_AGE_MS, duplicatesMs: 10 * 60_000 }, replicas));
  try {
    await jsm.consumers.info(streams.jobs.name, streams.jobs.consumer);
  } catch {
    await jsm.consumers.add(streams.jobs.name, {
      durable_name: streams.jobs.consumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: (options.jobAckWaitMs ?? 30_000) * NANOS_PER_MS,
      max_deliver: 20,
    });
  }
}

// Creates the JetStream streams and the shared job consumer Concord needs, if they are missing.
import { AckPolicy, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { streams } from "@concord/agent-sdk/protocol";

const NANOS_PER_MS = 1_000_000;

async function ensureStream(jsm: JetStreamManager, config: Parameters<JetStreamManager["streams"]["add"]>[0]) {
  try {
    await jsm.streams.info(config.name!);
  } catch {
    await jsm.streams.add(config);
  }
}

export interface StreamOptions {
  /** How long a job may go without an ack or a progress signal before it is redelivered. */
  jobAckWaitMs?: number;
}

export async function ensureStreams(nc: NatsConnection, options: StreamOptions = {}): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, {
    name: streams.sessions.name,
    subjects: [...streams.sessions.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    // Publishes carry message ids; a redelivered answer within this window is dropped.
    duplicate_window: 2 * 60 * 1_000 * NANOS_PER_MS,
  });
  await ensureStream(jsm, {
    name: streams.jobs.name,
    subjects: [...streams.jobs.subjects],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: 10 * 60 * 1_000 * NANOS_PER_MS,
  });
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

// Creates the JetStream streams Concord needs, if they are not there yet.
import { jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { streams } from "../../../sdk/protocol/subjects.ts";

export async function ensureStreams(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const { name, subjects } = streams.sessions;
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams.add({
      name,
      subjects: [...subjects],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      // Publishes carry message ids; a redelivered answer within this window is dropped.
      duplicate_window: 2 * 60 * 1_000_000_000,
    });
  }
}

// Session snapshots in a JetStream KV bucket, under keys scoped to the chain and the Sessions
// contract (session-key.ts), split into a head and one entry per agent result
// (snapshot-entries.ts) so that every entry stays below MAX_SNAPSHOT_ENTRY_BYTES and the server's
// own max_payload. The head is written with a compare-and-set on the revision this store last
// read or wrote: an owner that lost the session to another cannot overwrite its progress.
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { buckets, ConcordError, decodeMessage, MAX_SNAPSHOT_ENTRY_BYTES } from "@concord/agent-sdk/protocol";
import { isTransientJetStreamError, retryJetStream } from "../nats/jetstream-retry.ts";
import { sessionKey, type SessionScope } from "./session-key.ts";
import { entriesOf, joinSnapshot, snapshotHead, splitSnapshot } from "./snapshot-entries.ts";
import type { SessionSnapshot } from "./snapshot.ts";

export interface SessionStore {
  load(sessionId: string): Promise<SessionSnapshot | undefined>;
  /**
   * Writes the snapshot. Throws SESSION_LOST when its head changed since this store last read or
   * wrote it (another orchestrator owns the session now), SNAPSHOT_TOO_LARGE when an entry would
   * not fit a NATS message.
   */
  save(snapshot: SessionSnapshot): Promise<void>;
}

/** Room left in a message for the KV subject and headers. */
const MESSAGE_OVERHEAD_BYTES = 1_024;
/** Entries read at once when a snapshot is loaded. */
const READ_BATCH = 64;
/**
 * Entries written at once when a snapshot is saved: a phase's answers (one entry each) go in one
 * round trip's time instead of one after another, and the next phase waits for the save.
 */
const WRITE_BATCH = 16;

export async function openSessionStore(nc: NatsConnection, scope: SessionScope, replicas = 1): Promise<SessionStore> {
  // `replicas` applies when the bucket is created: in a JetStream cluster, copies kept of each snapshot.
  const kv: KV = await new Kvm(nc).create(buckets.sessionState, { history: 1, replicas });
  // The server says how large a message may be; 1 MiB is NATS's default.
  const limit = Math.min(MAX_SNAPSHOT_ENTRY_BYTES, (nc.info?.max_payload ?? 1024 * 1024) - MESSAGE_OVERHEAD_BYTES);
  const revisions = new Map<string, number>();
  const written = new Set<string>();

  const fits = (name: string, bytes: Uint8Array) => {
    if (bytes.length > limit) {
      throw new ConcordError("SNAPSHOT_TOO_LARGE", `snapshot entry ${name} is ${bytes.length} bytes, more than the ${limit} a stored entry may be`);
    }
  };

  return {
    async load(sessionId) {
      const key = sessionKey(scope, sessionId);
      const entry = await retryJetStream(() => kv.get(key));
      if (!entry || entry.operation !== "PUT" || entry.value.length === 0) {
        revisions.set(key, entry?.revision ?? 0);
        return undefined;
      }
      const head = decodeMessage(snapshotHead, entry.value);
      const names = entriesOf(head);
      const entries = new Map<string, Uint8Array>();
      for (let i = 0; i < names.length; i += READ_BATCH) {
        await Promise.all(names.slice(i, i + READ_BATCH).map(async (name) => {
          const part = await retryJetStream(() => kv.get(`${key}.${name}`));
          if (part?.operation === "PUT") entries.set(name, part.value);
        }));
      }
      const snapshot = joinSnapshot(head, entries);
      revisions.set(key, entry.revision);
      for (const name of names) written.add(`${key}.${name}`);
      return snapshot;
    },

    async save(snapshot) {
      const key = sessionKey(scope, snapshot.sessionId);
      const { head, entries } = splitSnapshot(snapshot);
      fits(key, head);
      for (const [name, bytes] of entries) fits(`${key}.${name}`, bytes);
      // Entries first: a head is written only once everything it names is there.
      const unwritten = [...entries].filter(([name]) => !written.has(`${key}.${name}`));
      for (let i = 0; i < unwritten.length; i += WRITE_BATCH) {
        await Promise.all(unwritten.slice(i, i + WRITE_BATCH).map(async ([name, bytes]) => {
          await retryJetStream(() => kv.put(`${key}.${name}`, bytes));
          written.add(`${key}.${name}`);
        }));
      }
      const revision = revisions.get(key) ?? 0;
      // A try that timed out may have been stored all the same: then the next one meets our own
      // head as "another" writer's, which it is not.
      let unsure = false;
      const write = async () => {
        try {
          return revision === 0 ? await kv.create(key, head) : await kv.update(key, head, revision);
        } catch (error) {
          if (unsure && /wrong last sequence|exists/i.test((error as Error).message)) {
            const now = await kv.get(key);
            if (now?.operation === "PUT" && Buffer.compare(now.value, head) === 0) return now.revision;
          }
          if (isTransientJetStreamError(error)) unsure = true;
          throw error;
        }
      };
      try {
        revisions.set(key, await retryJetStream(write));
      } catch (error) {
        if (!/wrong last sequence|exists/i.test((error as Error).message)) throw error;
        throw new ConcordError("SESSION_LOST", `session ${snapshot.sessionId}'s snapshot was written by another orchestrator since this one read it`, { cause: error });
      }
    },
  };
}

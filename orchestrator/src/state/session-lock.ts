// Ownership of a session: a KV entry that expires unless its owner keeps refreshing it, so a
// crashed or frozen orchestrator's sessions become free for another one after `ttlMs`. The lock is
// a lease: it counts as held only while its last confirmed refresh is younger than `ttlMs`, so an
// owner that was paused (SIGSTOP, a stalled VM) knows on waking, before any network round trip,
// that another may own the session now.
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { buckets } from "@concord/agent-sdk/protocol";
import { sessionKey, type SessionScope } from "./session-key.ts";

export interface SessionLock {
  /** False once a refresh failed or is overdue: another orchestrator may own the session now. */
  held(): boolean;
  release(): Promise<void>;
}

export interface SessionLocks {
  acquire(sessionId: string): Promise<SessionLock | undefined>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function openSessionLocks(
  nc: NatsConnection, owner: string, ttlMs: number, scope: SessionScope, replicas = 1,
): Promise<SessionLocks> {
  // `replicas` applies when the bucket is created: in a JetStream cluster, copies kept of each lock.
  const kv: KV = await new Kvm(nc).create(buckets.sessionLocks, { history: 1, ttl: ttlMs, replicas });
  return {
    async acquire(sessionId) {
      const key = sessionKey(scope, sessionId);
      // Counted from before the write: the entry's age on the server is never less than this.
      let confirmedAt = Date.now();
      let revision: number;
      try {
        revision = await kv.create(key, encoder.encode(owner));
      } catch {
        // The key exists: it is ours only if we wrote it (a restart of the same owner).
        const entry = await kv.get(key);
        if (!entry || entry.operation !== "PUT" || decoder.decode(entry.value) !== owner) return undefined;
        revision = entry.revision;
      }
      let lost = false;
      const timer = setInterval(() => {
        const sentAt = Date.now();
        kv.update(key, encoder.encode(owner), revision).then(
          (next) => {
            revision = next;
            confirmedAt = sentAt;
          },
          (error: unknown) => {
            // Another owner's revision: lost for good. A transport error (NATS restarting) is
            // retried on the next tick; the lease lapses by itself if none succeeds in time.
            if (!/wrong last sequence/i.test(String((error as Error)?.message))) return;
            lost = true;
            clearInterval(timer);
          },
        );
      }, Math.max(100, Math.floor(ttlMs / 3)));
      const held = () => !lost && Date.now() - confirmedAt < ttlMs;
      return {
        held,
        async release() {
          clearInterval(timer);
          // Only our own revision is deleted: a lock another owner took since stays.
          if (!lost) await kv.delete(key, { previousSeq: revision }).catch(() => {});
          lost = true;
        },
      };
    },
  };
}

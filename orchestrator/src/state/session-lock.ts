// Ownership of a session: a KV entry that expires unless its owner keeps refreshing it, so a
// crashed orchestrator's sessions become free for another one after `ttlMs`.
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { buckets } from "@concord/agent-sdk/protocol";

export interface SessionLock {
  /** False once a refresh failed: another orchestrator may own the session now. */
  held(): boolean;
  release(): Promise<void>;
}

export interface SessionLocks {
  acquire(sessionId: string): Promise<SessionLock | undefined>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function openSessionLocks(nc: NatsConnection, owner: string, ttlMs: number): Promise<SessionLocks> {
  const kv: KV = await new Kvm(nc).create(buckets.sessionLocks, { history: 1, ttl: ttlMs });
  return {
    async acquire(sessionId) {
      let revision: number;
      try {
        revision = await kv.create(sessionId, encoder.encode(owner));
      } catch {
        // The key exists: it is ours only if we wrote it (a restart of the same owner).
        const entry = await kv.get(sessionId);
        if (!entry || entry.operation !== "PUT" || decoder.decode(entry.value) !== owner) return undefined;
        revision = entry.revision;
      }
      let held = true;
      const timer = setInterval(() => {
        kv.update(sessionId, encoder.encode(owner), revision).then(
          (next) => (revision = next),
          () => {
            held = false;
            clearInterval(timer);
          },
        );
      }, Math.max(100, Math.floor(ttlMs / 3)));
      return {
        held: () => held,
        async release() {
          clearInterval(timer);
          if (held) await kv.delete(sessionId, { previousSeq: revision }).catch(() => {});
          held = false;
        },
      };
    },
  };
}

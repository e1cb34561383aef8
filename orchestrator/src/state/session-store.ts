// Session snapshots in a JetStream KV bucket, one key per session.
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { buckets, decodeMessage, encodeMessage } from "@concord/agent-sdk/protocol";
import { sessionSnapshot, type SessionSnapshot } from "./snapshot.ts";

export interface SessionStore {
  load(sessionId: string): Promise<SessionSnapshot | undefined>;
  save(snapshot: SessionSnapshot): Promise<void>;
}

export async function openSessionStore(nc: NatsConnection): Promise<SessionStore> {
  const kv: KV = await new Kvm(nc).create(buckets.sessionState, { history: 1 });
  return {
    async load(sessionId) {
      const entry = await kv.get(sessionId);
      if (!entry || entry.operation !== "PUT" || entry.value.length === 0) return undefined;
      return decodeMessage(sessionSnapshot, entry.value);
    },
    async save(snapshot) {
      await kv.put(snapshot.sessionId, encodeMessage(sessionSnapshot, snapshot));
    },
  };
}

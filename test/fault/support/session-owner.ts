// Which orchestrator owns a session now: the name in its KV lock, under the session's scoped key.
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { buckets } from "@concord/agent-sdk/protocol";
import { sessionKey, type SessionScope } from "@concord/orchestrator/state/session-key.ts";

export async function ownerOf(nc: NatsConnection, scope: SessionScope, sessionId: string): Promise<string | undefined> {
  const locks = await new Kvm(nc).open(buckets.sessionLocks);
  const entry = await locks.get(sessionKey(scope, sessionId));
  return entry && entry.operation === "PUT" ? new TextDecoder().decode(entry.value) : undefined;
}

// Which orchestrator owns a session now: the name in its KV lock.
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { buckets } from "@concord/agent-sdk/protocol";

export async function ownerOf(nc: NatsConnection, sessionId: string): Promise<string | undefined> {
  const locks = await new Kvm(nc).open(buckets.sessionLocks);
  const entry = await locks.get(sessionId);
  return entry && entry.operation === "PUT" ? new TextDecoder().decode(entry.value) : undefined;
}

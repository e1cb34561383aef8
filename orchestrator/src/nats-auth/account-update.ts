// Pushes a re-signed account JWT to a running nats-server (operator mode with a `full` resolver):
// a system-account user publishes it on $SYS.REQ.CLAIMS.UPDATE. The server applies it at once:
// connections of users it newly revokes are closed ("User Authentication Revoked") and refused
// from then on; the resolver stores it, so a restarted server keeps it.
import type { NatsConnection } from "@nats-io/nats-core";
import { ConcordError } from "@concord/agent-sdk/protocol";

const CLAIMS_UPDATE = "$SYS.REQ.CLAIMS.UPDATE";

export async function pushAccountJwt(system: NatsConnection, accountJwt: string): Promise<void> {
  let answer: { data?: { code?: number; message?: string }; error?: { code?: number; description?: string } };
  try {
    const reply = await system.request(CLAIMS_UPDATE, new TextEncoder().encode(accountJwt), { timeout: 5_000 });
    answer = reply.json();
  } catch (cause) {
    throw new ConcordError("NATS_UNREACHABLE", `nats-server did not answer the account update: ${(cause as Error).message}`, { cause });
  }
  if (answer.data?.code !== 200) {
    throw new ConcordError("CONFIG_INVALID", `nats-server refused the account update: ${answer.error?.description ?? JSON.stringify(answer)}`);
  }
}

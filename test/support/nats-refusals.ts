// Waits for a NATS connection to report every expected permission refusal (the server sends them
// asynchronously as -ERR lines); the caller's test fails by its timeout if one never comes.
import type { NatsConnection } from "@nats-io/transport-node";

export async function refusals(nc: NatsConnection, expected: readonly string[]): Promise<string[]> {
  const errors: string[] = [];
  for await (const status of nc.status()) {
    if (status.type === "error") errors.push(String(status.error.message));
    if (expected.every((e) => errors.some((x) => x.includes(e)))) return errors;
  }
  return errors;
}

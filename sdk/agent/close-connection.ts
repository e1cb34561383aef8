// Ending a NATS connection on the way out. Drained when the server answers: pending messages are
// handled and publishes flushed. Closed when it does not: a drain must flush, so it fails while
// the server is down, and a client left open would go on reconnecting and keep its process alive.
import type { NatsConnection } from "@nats-io/transport-node";

export async function closeConnection(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  try {
    await nc.drain();
  } catch {
    await nc.close();
  }
}

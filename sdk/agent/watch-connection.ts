// Follows a NATS connection: says when it drops and comes back, and resolves `lost` if it is
// closed for good while nobody asked it to stop. A connection that reconnects without limit
// closes only when the server refuses it for good (nats.js gives up after the same auth error
// twice) or when something closes it explicitly.
import type { NatsConnection } from "@nats-io/transport-node";
import { connectionState } from "./connection-state.ts";

export function watchConnection(nc: NatsConnection, stopping: () => boolean, log: (line: string) => void): Promise<Error> {
  connectionState(nc); // followed from the start, so a publish in an outage knows to wait
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect") log(`NATS connection lost (${status.server}); reconnecting`);
      else if (status.type === "reconnect") log(`NATS connection back (${status.server})`);
    }
  })();
  return new Promise((resolve) => {
    void nc.closed().then((error) => {
      if (stopping()) return; // closed by stop(): never resolves, nothing was lost
      resolve(error instanceof Error ? error : new Error("the NATS connection was closed"));
    });
  });
}

/** One line for a person: the error's message and, when it has one, its cause's. */
export function lostConnectionLine(who: string, error: Error): string {
  const cause = error.cause instanceof Error && error.cause.message !== error.message ? `: ${error.cause.message}` : "";
  return `${who}: NATS connection closed for good: ${error.message}${cause}`.replace(/\s+/g, " ");
}

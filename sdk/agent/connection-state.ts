// Whether a NATS connection is up, for publishers that should not fire into an outage. After a
// server restart every client reconnects on the same schedule (NATS_RECONNECT), in some order: a
// message published the moment one client is back can reach the server before another client's
// subscriptions are made again, and a core subscriber never sees it. So a publisher waits for
// its connection, then one reconnect interval more, by which the others are back too.
import type { NatsConnection } from "@nats-io/transport-node";
import { NATS_RECONNECT } from "../protocol/limits.ts";

/** One reconnect interval and nats.js's default jitter: the others' reconnect lands within it. */
export const RECONNECT_GRACE_MS = NATS_RECONNECT.reconnectTimeWait + 100;

export interface ConnectionState {
  /** True while the connection is down or back for less than the grace. */
  unsettled(): boolean;
  /** Resolves once the connection is up and settled, or at `deadline`. */
  settled(deadline: number): Promise<void>;
  /** Calls `listener` on every reconnection until the returned function is called. */
  onReconnect(listener: () => void): () => void;
}

const states = new WeakMap<NatsConnection, ConnectionState>();

/** The connection's state, followed from the first call on: call it when the connection opens. */
export function connectionState(nc: NatsConnection): ConnectionState {
  let state = states.get(nc);
  if (state) return state;
  let down = false;
  let backAt = 0;
  let waiters: (() => void)[] = [];
  const listeners = new Set<() => void>();
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect") down = true;
      else if (status.type === "reconnect") {
        down = false;
        backAt = Date.now();
        for (const wake of waiters.splice(0)) wake();
        for (const listener of listeners) listener();
      }
    }
  })();
  const unsettled = () => down || Date.now() - backAt < RECONNECT_GRACE_MS;
  state = {
    unsettled,
    async settled(deadline) {
      if (down) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
      const wait = Math.min(RECONNECT_GRACE_MS - (Date.now() - backAt), deadline - Date.now());
      if (!down && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
    onReconnect(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  states.set(nc, state);
  return state;
}

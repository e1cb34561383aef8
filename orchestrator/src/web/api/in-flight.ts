// How many requests that ask the agents over NATS (a heartbeat listener, acceptance probes) one
// dApp server runs at once. Past the limit a request is refused 429 at once rather than queued, so
// a flood of them holds no more than this many listeners and sends the agents no more probes.
import type { ApiContext } from "./api-route.ts";

/** Requests asking the agents that one server runs at once (POST /api/preflight, GET /api/agents). */
export const MAX_IN_FLIGHT = 4;

const running = new WeakMap<ApiContext, number>();

/** A release function when there is room (call it once done), undefined when the server is full. */
export function enterAgentRequest(ctx: ApiContext): (() => void) | undefined {
  const now = running.get(ctx) ?? 0;
  if (now >= MAX_IN_FLIGHT) return undefined;
  running.set(ctx, now + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running.set(ctx, (running.get(ctx) ?? 1) - 1);
  };
}

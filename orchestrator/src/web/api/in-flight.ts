// How many requests that ask the agents over NATS (a heartbeat listener, acceptance probes) one
// dApp server runs at once. Past the limit a request is refused 429 at once rather than queued, so
// a flood of them holds no more than this many listeners and sends the agents no more probes.
import { serverSlots } from "./server-slots.ts";

/** Requests asking the agents that one server runs at once (POST /api/preflight, GET /api/agents). */
export const MAX_IN_FLIGHT = 4;

/** A release function when there is room (call it once done), undefined when the server is full. */
export const enterAgentRequest = serverSlots(MAX_IN_FLIGHT);

// POST /api/preflight: everything that would refuse a session, checked before the page asks the
// wallet to sign createSession, with the checks `concord submit` runs (jobs/preflight.ts): the
// task, each chosen agent's answer to the acceptance probe, the submitter's funds for the bounty
// and gas. It moves nothing and needs no signature: anyone may ask. Each request sends the task to
// every chosen agent over NATS, so a server answers at most MAX_IN_FLIGHT at once and refuses more
// with 429 instead of queueing them (docs/security.md). JSON only, like every POST /api/ route.
import { preflightRequest } from "@concord/agent-sdk/protocol";
import { preflightRequestAnswer } from "../../jobs/preflight-request.ts";
import { sendApiError, sendJson, type ApiContext, type ApiRoute } from "./api-route.ts";
import { readJsonBody } from "./json-body.ts";

/** The largest body read: a task of the largest size in UTF-8 and its data: URI, with room for the rest. */
const maxBodyBytes = 256 * 1024;

/** Preflights one server runs at once: each holds a heartbeat listener and one probe per agent. */
export const MAX_IN_FLIGHT = 4;

const inFlight = new WeakMap<ApiContext, number>();

export const preflightRoute: ApiRoute = {
  method: "POST",
  path: /^\/api\/preflight$/,
  async handle(req, res, _params, ctx) {
    const body = await readJsonBody(req, res, preflightRequest, maxBodyBytes);
    if (body === undefined) return;
    if (ctx.nc === undefined) return sendApiError(res, 503, "NATS_UNREACHABLE", "this server has no NATS connection to ask the agents on");
    const running = inFlight.get(ctx) ?? 0;
    if (running >= MAX_IN_FLIGHT) {
      return sendApiError(res, 429, "SERVER_BUSY", `this server is already checking ${running} submissions; retry in a few seconds`);
    }
    inFlight.set(ctx, running + 1);
    try {
      sendJson(res, 200, await preflightRequestAnswer(ctx.nc, ctx.chain, body));
    } finally {
      inFlight.set(ctx, (inFlight.get(ctx) ?? 1) - 1);
    }
  },
};

// POST /api/preflight: everything that would refuse a session, checked before the page asks the
// wallet to sign createSession, with the checks `concord submit` runs (jobs/preflight.ts): the
// task, each chosen agent's answer to the acceptance probe, the submitter's funds for the bounty
// and gas. It moves nothing and needs no signature: anyone may ask. Each request sends the task to
// every chosen agent over NATS, so a server runs only a few at once (in-flight.ts) and refuses
// more with 429 (docs/security.md). JSON only, like every POST /api/ route.
import { preflightRequest } from "@concord/agent-sdk/protocol";
import { preflightRequestAnswer } from "../../jobs/preflight-request.ts";
import { sendApiError, sendJson, type ApiRoute } from "./api-route.ts";
import { enterAgentRequest, MAX_IN_FLIGHT } from "./in-flight.ts";
import { readJsonBody } from "./json-body.ts";

/** The largest body read: a task of the largest size in UTF-8 and its data: URI, with room for the rest. */
const maxBodyBytes = 256 * 1024;

export const preflightRoute: ApiRoute = {
  method: "POST",
  path: /^\/api\/preflight$/,
  async handle(req, res, _params, ctx) {
    const body = await readJsonBody(req, res, preflightRequest, maxBodyBytes);
    if (body === undefined) return;
    if (ctx.nc === undefined) return sendApiError(res, 503, "NATS_UNREACHABLE", "this server has no NATS connection to ask the agents on");
    const release = enterAgentRequest(ctx);
    if (release === undefined) {
      return sendApiError(res, 429, "SERVER_BUSY", `this server is already asking the agents for ${MAX_IN_FLIGHT} requests; retry in a few seconds`);
    }
    try {
      sendJson(res, 200, await preflightRequestAnswer(ctx.nc, ctx.chain, body));
    } finally {
      release();
    }
  },
};

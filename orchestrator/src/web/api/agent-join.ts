// POST /api/agents/join: agent onboarding (docs/protocol.md "Agent onboarding"). An agent
// registered on chain sends a join request signed by its current signer key, for a NATS user
// nkey it generated; the answer is a user JWT for that nkey, limited to the agent's own subjects.
// Served by the process that holds the stack's NATS account key (`npm start`, `concord devnet
// --agents`); any other server answers 503.
import { agentJoinRequest, ConcordError, type ErrorCode } from "@concord/agent-sdk/protocol";
import { sendApiError, sendJson, type ApiRoute } from "./api-route.ts";
import { readJsonBody } from "./json-body.ts";

/** A join request is a few hundred bytes. */
const maxBodyBytes = 4 * 1024;

const statusOf: Partial<Record<ErrorCode, number>> = {
  JOIN_REQUEST_STALE: 400,
  INVALID_SIGNATURE: 401,
  NOT_AGENT_SIGNER: 403,
  AGENT_RETIRED: 403,
  AGENT_NOT_REGISTERED: 404,
  AGENT_NAME_TAKEN: 409,
  SERVER_BUSY: 429,
};

export const agentJoinRoute: ApiRoute = {
  method: "POST",
  path: /^\/api\/agents\/join$/,
  async handle(req, res, _params, ctx) {
    const body = await readJsonBody(req, res, agentJoinRequest, maxBodyBytes);
    if (body === undefined) return;
    if (ctx.onboarding === undefined) {
      return sendApiError(res, 503, "ONBOARDING_UNAVAILABLE", "this server does not issue NATS credentials (its stack's NATS is not in operator mode)");
    }
    try {
      sendJson(res, 200, await ctx.onboarding.join(body));
    } catch (error) {
      const status = error instanceof ConcordError ? statusOf[error.code] : undefined;
      if (status === undefined) throw error;
      sendApiError(res, status, (error as ConcordError).code, (error as Error).message);
    }
  },
};

// GET /api/agents?ids=1,2,3: what registered agents declare, so the submit form can show what each
// takes before a task is typed: the registry's model id, and from the latest heartbeat signed by
// the agent's key its NATS name and capabilities (or that none was heard: not running). All of it
// is public (the chain, and heartbeats every agent sends); it asks nothing of the agents, but it
// listens for heartbeats, so it shares the preflight's in-flight limit (in-flight.ts).
import { MAX_AGENTS, type PreflightAgent } from "@concord/agent-sdk/protocol";
import { resolveAgentIds } from "../../jobs/resolve-agent-ids.ts";
import { sendApiError, sendJson, type ApiRoute } from "./api-route.ts";
import { enterAgentRequest, MAX_IN_FLIGHT } from "./in-flight.ts";

/** Most ids one request may name: a form lists every registered agent, a few pages of them. */
export const MAX_DECLARATION_IDS = 8 * MAX_AGENTS;

export const agentDeclarationsRoute: ApiRoute = {
  method: "GET",
  path: /^\/api\/agents$/,
  async handle(req, res, _params, ctx) {
    const raw = new URL(req.url ?? "/", "http://localhost").searchParams.get("ids") ?? "";
    const ids = raw === "" ? [] : raw.split(",");
    if (ids.length === 0 || ids.length > MAX_DECLARATION_IDS || !ids.every((id) => /^[1-9]\d{0,30}$/.test(id))) {
      return sendApiError(res, 400, "INVALID_REQUEST", `ids must be 1 to ${MAX_DECLARATION_IDS} agent ids, comma-separated (e.g. ?ids=1,2,3)`);
    }
    if (ctx.nc === undefined) return sendApiError(res, 503, "NATS_UNREACHABLE", "this server has no NATS connection to hear the agents on");
    const release = enterAgentRequest(ctx);
    if (release === undefined) {
      return sendApiError(res, 429, "SERVER_BUSY", `this server is already asking the agents for ${MAX_IN_FLIGHT} requests; retry in a few seconds`);
    }
    try {
      const { declared } = await resolveAgentIds(ctx.nc, ctx.chain, [...new Set(ids)].map(BigInt));
      const agents: PreflightAgent[] = declared.map(({ agentId, modelId, heartbeat }) => ({
        agentId: agentId.toString(), modelId, live: heartbeat !== undefined, capabilities: heartbeat?.capabilities ?? [],
        ...(heartbeat ? { name: heartbeat.agent } : {}),
      }));
      sendJson(res, 200, { agents });
    } finally {
      release();
    }
  },
};

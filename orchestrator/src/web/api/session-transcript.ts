// GET /api/sessions/:id: the public transcript of one session (sdk/protocol/transcript.ts), read
// from the orchestrator's stored snapshot and halting event on NATS. The dApp refetches it on
// every live event; what is not yet revealed never leaves (see state/public-transcript.ts).
import { decimalId } from "@concord/agent-sdk/protocol";
import { publicTranscript } from "../../state/public-transcript.ts";
import { readStoredSession } from "../../state/stored-session.ts";
import { sendApiError, sendJson, type ApiRoute } from "./api-route.ts";
import { serverSlots } from "./server-slots.ts";

/**
 * Transcript reads one dApp server makes at once (each a few JetStream reads on its NATS
 * connection, which the orchestrator's work shares under `concord start`); past it, 503.
 */
export const MAX_TRANSCRIPT_READS = 64;
const enterRead = serverSlots(MAX_TRANSCRIPT_READS);

export const sessionTranscriptRoute: ApiRoute = {
  method: "GET",
  path: /^\/api\/sessions\/(?<id>[^/]+)$/,
  async handle(_req, res, params, ctx) {
    const id = decimalId.safeParse(params.id);
    if (!id.success) return sendApiError(res, 400, "INVALID_MESSAGE", `session id must be a positive whole number, got ${JSON.stringify(params.id)}`);
    if (!ctx.nc || ctx.nc.isClosed()) return sendApiError(res, 503, "NATS_UNREACHABLE", "the dApp server has no NATS connection: transcripts are unavailable");
    const release = enterRead(ctx);
    if (release === undefined) {
      res.setHeader("retry-after", "1");
      return sendApiError(res, 503, "SERVER_BUSY", `this server is already reading ${MAX_TRANSCRIPT_READS} transcripts (MAX_TRANSCRIPT_READS); retry shortly`);
    }
    let stored: Awaited<ReturnType<typeof readStoredSession>>;
    try {
      stored = await readStoredSession(ctx.nc, ctx.deployment, id.data);
    } finally {
      release();
    }
    const { snapshot, halted } = stored;
    if (!snapshot) return sendApiError(res, 404, "NOT_FOUND", `no transcript for session ${id.data} (unknown, or not started by an orchestrator yet)`);
    return sendJson(res, 200, publicTranscript(snapshot, halted));
  },
};

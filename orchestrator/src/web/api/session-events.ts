// GET /api/sessions/:id/events: one session's events as server-sent events, for a client without
// NATS (a script, the chat gateway's callers). The events JetStream stored come first, then live
// ones; the stream ends after the session settles or fails. Each SSE `id` is the event's stream
// sequence, so a client that reconnects with Last-Event-ID misses nothing and sees nothing twice.
// Events are public already (anyone may subscribe to them on NATS): anyone may read them here.
import type { ServerResponse } from "node:http";
import { decimalId } from "@concord/agent-sdk/protocol";
import { sessionEventFeed, type FedSessionEvent } from "../../nats/session-event-feed.ts";
import { sendApiError, type ApiRoute } from "./api-route.ts";

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export const sessionEventsRoute: ApiRoute = {
  method: "GET",
  path: /^\/api\/sessions\/(?<id>[^/]+)\/events$/,
  async handle(req, res, params, ctx) {
    const id = decimalId.safeParse(params.id);
    if (!id.success) return sendApiError(res, 400, "INVALID_MESSAGE", `session id must be a positive whole number, got ${JSON.stringify(params.id)}`);
    if (!ctx.nc || ctx.nc.isClosed()) return sendApiError(res, 503, "NATS_UNREACHABLE", "the dApp server has no NATS connection: session events are unavailable");
    const lastId = req.headers["last-event-id"];
    const after = typeof lastId === "string" && /^\d{1,15}$/.test(lastId) ? Number(lastId) : undefined;
    const feed = await sessionEventFeed(ctx.nc, id.data, after);
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" });
    res.write(": events of session " + id.data + "\n\n");
    const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
    // A client that leaves stops the consumer; nothing else would.
    res.on("close", () => void feed.stop());
    try {
      for await (const fed of feed) writeSessionEvent(res, fed);
    } finally {
      clearInterval(keepalive);
      res.end();
    }
  },
};

export function writeSessionEvent(res: ServerResponse, { event, sequence }: FedSessionEvent): void {
  res.write(`id: ${sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

// GET /api/sessions/:id/events: one session's events as server-sent events, for a client without
// NATS (a script, the chat gateway's callers). The events JetStream stored come first, then live
// ones; the stream ends after the session settles or fails. Each SSE `id` is the event's stream
// sequence, so a client that reconnects with Last-Event-ID misses nothing and sees nothing twice.
// Events are public already (anyone may subscribe to them on NATS): anyone may read them here.
// Each open stream holds a consumer on the shared nats-server, so a server holds only so many at
// once, and a stream's consumer is deleted as soon as its client leaves, even mid-setup.
import type { ServerResponse } from "node:http";
import { decimalId } from "@concord/agent-sdk/protocol";
import { sessionEventFeed, type FedSessionEvent, type SessionEventFeed } from "../../nats/session-event-feed.ts";
import { sendApiError, type ApiRoute } from "./api-route.ts";
import { serverSlots } from "./server-slots.ts";

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/** Event streams one dApp server holds open at once (each is a JetStream consumer); past it, 503. */
export const MAX_OPEN_EVENT_STREAMS = 256;

/** A release function when there is room (call it once the stream's consumer is gone), undefined when full. */
const enterEventStream = serverSlots(MAX_OPEN_EVENT_STREAMS);

export const sessionEventsRoute: ApiRoute = {
  method: "GET",
  path: /^\/api\/sessions\/(?<id>[^/]+)\/events$/,
  async handle(req, res, params, ctx) {
    const id = decimalId.safeParse(params.id);
    if (!id.success) return sendApiError(res, 400, "INVALID_MESSAGE", `session id must be a positive whole number, got ${JSON.stringify(params.id)}`);
    if (!ctx.nc || ctx.nc.isClosed()) return sendApiError(res, 503, "NATS_UNREACHABLE", "the dApp server has no NATS connection: session events are unavailable");
    const release = enterEventStream(ctx);
    if (release === undefined) {
      res.setHeader("retry-after", "5");
      return sendApiError(res, 503, "SERVER_BUSY", `this server already has ${MAX_OPEN_EVENT_STREAMS} session event streams open (MAX_OPEN_EVENT_STREAMS); retry shortly`);
    }
    const lastId = req.headers["last-event-id"];
    const after = typeof lastId === "string" && /^\d{1,15}$/.test(lastId) ? Number(lastId) : undefined;
    // Watched before the feed is set up: a client that leaves during that await must stop it too.
    let gone = false;
    let feed: SessionEventFeed | undefined;
    res.once("close", () => {
      gone = true;
      void feed?.stop();
    });
    try {
      feed = await sessionEventFeed(ctx.nc, id.data, after);
      if (gone || res.destroyed) return;
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" });
      res.write(": events of session " + id.data + "\n\n");
      const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
      try {
        for await (const fed of feed) writeSessionEvent(res, fed);
      } finally {
        clearInterval(keepalive);
        res.end();
      }
    } finally {
      // The slot is free once the consumer is deleted, not merely once the client left.
      await feed?.stop();
      release();
    }
  },
};

export function writeSessionEvent(res: ServerResponse, { event, sequence }: FedSessionEvent): void {
  res.write(`id: ${sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

// POST /v1/chat/completions: asks a panel of agents as if it were a model. The task is the last
// message, which must be the user's; system and earlier messages are not sent to the agents (a
// session deliberates one task, whose hash goes on chain). Each request creates and pays for a
// session (ask-panel.ts), so only a caller holding the gateway's token may send one; the agents'
// preflight runs before any money moves, and a task they refuse is answered 422.
// `stream: true` answers with server-sent events in OpenAI's chunk format: progress as SSE
// comments while the agents deliberate, then the answer, a final chunk, and `data: [DONE]`.
import type { ServerResponse } from "node:http";
import { formatEther } from "viem";
import { chatCompletionRequest, chatMessageText, ConcordError, type SessionEvent } from "@concord/agent-sdk/protocol";
import { askPanel, type PanelAnswer } from "../../gateway/ask-panel.ts";
import { panelForModel } from "../../gateway/chat-gateway.ts";
import { chatChunk, chatCompletion, completionHead } from "../../gateway/chat-completion-body.ts";
import { PreflightRefused } from "../../jobs/preflight.ts";
import type { ApiRoute } from "./api-route.ts";
import { readJsonBody } from "./json-body.ts";
import { authorizedGateway, sendOpenAiError } from "./openai-error.ts";

/** The largest body read: a long conversation, of which only the last message is the task. */
const maxBodyBytes = 512 * 1024;

export const chatCompletionsRoute: ApiRoute = {
  method: "POST",
  path: /^\/v1\/chat\/completions$/,
  async handle(req, res, _params, ctx) {
    const gateway = authorizedGateway(req, res, ctx);
    if (gateway === undefined) return;
    const body = await readJsonBody(req, res, chatCompletionRequest, maxBodyBytes,
      (r, status, code, message) => sendOpenAiError(r, status, "invalid_request_error", code.toLowerCase(), message));
    if (body === undefined) return;
    const panel = panelForModel(gateway, body.model);
    if (panel === undefined) {
      return sendOpenAiError(res, 404, "invalid_request_error", "model_not_found", `no model ${body.model}; GET /v1/models lists this gateway's panels`);
    }
    const last = body.messages.at(-1)!;
    if (last.role !== "user" || chatMessageText(last).trim() === "") {
      return sendOpenAiError(res, 400, "invalid_request_error", "invalid_messages", "the last message must be the user's task, with text");
    }
    const task = chatMessageText(last);
    // The bounty is reserved before the session is created, so requests at once cannot overshoot.
    const allowed = gateway.allowance?.reserve(gateway.bounty);
    if (allowed?.granted === false) {
      res.setHeader("retry-after", String(Math.max(1, Math.ceil((allowed.retryAt - Date.now()) / 1000))));
      return sendOpenAiError(res, 429, "insufficient_quota", "insufficient_quota",
        `this gateway may spend ${formatEther(allowed.limit)} ETH of bounties in ${windowText(gateway.allowance!.windowMs)}; ` +
        `${formatEther(allowed.spent)} ETH is spent and a request costs ${formatEther(gateway.bounty)} ETH; room again at ${new Date(allowed.retryAt).toISOString()}`);
    }
    const stream = body.stream === true ? openStream(res) : undefined;
    let answer: PanelAnswer;
    let paying = false;
    try {
      answer = await askPanel(ctx.nc!, ctx.chain, gateway, panel, task, stream?.progress, () => (paying = true));
    } catch (error) {
      // Failed before the session's creation was sent: no money moved, so the reservation goes
      // back (else a panel agent down for a while would use up the day's allowance unpaid).
      if (!paying) allowed?.reservation.release();
      if (error instanceof PreflightRefused) return sendOpenAiError(res, 422, "invalid_request_error", "task_refused", error.message);
      const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
      if (!paying && error instanceof ConcordError && PANEL_UNAVAILABLE.has(error.code)) {
        return fail(res, stream, 503, "server_error", "panel_unavailable", `nothing was paid: ${message}`);
      }
      return fail(res, stream, paying ? 502 : 500, "server_error", paying ? "session_not_started" : "internal_error",
        paying ? `the session's creation was sent, so its bounty may be paid: ${message}` : `nothing was paid: ${message}`);
    }
    if (answer.kind === "timeout") {
      return fail(res, stream, 504, "timeout_error", "session_timeout", `session ${answer.sessionId} did not settle in ${gateway.timeoutMs} ms; it goes on, and GET /api/sessions/${answer.sessionId}/events follows it`);
    }
    if (answer.kind === "failed") {
      return fail(res, stream, 502, "server_error", "session_failed", `session ${answer.sessionId} failed: ${answer.reason}`);
    }
    const head = completionHead(body.model, answer.concord.sessionId);
    if (stream === undefined) return sendJsonCompletion(res, chatCompletion(head, answer.answer, answer.concord, answer.usage));
    stream.data(chatChunk(head, { role: "assistant", content: answer.answer }, null));
    stream.data(chatChunk(head, {}, "stop", answer.concord, answer.usage));
    stream.end();
  },
};

/** Errors that say the panel cannot be asked now (an agent not heard from): the caller may retry later. */
const PANEL_UNAVAILABLE = new Set<string>(["CONFIG_INVALID", "TOO_FEW_AGENTS", "AGENT_NOT_REGISTERED"]);

function windowText(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 1000)} s`;
}

function sendJsonCompletion(res: ServerResponse, completion: unknown): void {
  const text = JSON.stringify(completion);
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

type ChatStream = ReturnType<typeof openStream>;

/**
 * An SSE answer whose headers go out with its first event: until the session exists (the
 * preflight passed), a refusal can still be a plain JSON error with its status.
 */
function openStream(res: ServerResponse) {
  const begin = () => {
    if (!res.headersSent) res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" });
  };
  return {
    get started() {
      return res.headersSent;
    },
    progress(event: SessionEvent) {
      begin();
      res.write(`: ${progressLine(event)}\n\n`);
    },
    data(value: unknown) {
      begin();
      res.write(`data: ${JSON.stringify(value)}\n\n`);
    },
    end() {
      begin();
      res.end("data: [DONE]\n\n");
    },
  };
}

function fail(res: ServerResponse, stream: ChatStream | undefined, status: number, type: "timeout_error" | "server_error", code: string, message: string): void {
  if (stream === undefined || !stream.started) return sendOpenAiError(res, status, type, code, message);
  // Mid-stream the status is gone: OpenAI clients raise an `error` data event as an API error.
  stream.data({ error: { message, type, code, param: null } });
  stream.end();
}

/** What a progress comment says: one line per session event. */
function progressLine(event: SessionEvent): string {
  switch (event.type) {
    case "round-started": return `session ${event.sessionId} round ${event.round} started`;
    case "phase-closed": return `session ${event.sessionId} round ${event.round} ${event.phase} closed (${event.answered.length} answered)`;
    case "round-recorded": return `session ${event.sessionId} round ${event.round} tallied: ${event.winner} leads, scores ${event.scores.join(" ")}`;
    case "halted": return `session ${event.sessionId} halted after round ${event.round} (${event.reason}, ${event.outcome})`;
    case "session-settled": return `session ${event.sessionId} settled`;
    case "session-failed": return `session ${event.sessionId} failed`;
  }
}

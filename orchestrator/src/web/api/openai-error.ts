// Errors of the OpenAI-compatible routes (/v1/): OpenAI's shape `{ error: { message, type, code } }`,
// so any OpenAI client raises them as its own typed errors.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatGateway } from "../../gateway/chat-gateway.ts";
import { holdsToken } from "../../gateway/chat-gateway.ts";
import { sendJson, type ApiContext } from "./api-route.ts";

export type OpenAiErrorType = "invalid_request_error" | "authentication_error" | "server_error" | "timeout_error" | "insufficient_quota";

export function sendOpenAiError(res: ServerResponse, status: number, type: OpenAiErrorType, code: string, message: string): void {
  sendJson(res, status, { error: { message, type, code, param: null } });
}

/** The gateway, once the caller showed its token; otherwise undefined with the refusal sent. */
export function authorizedGateway(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): ChatGateway | undefined {
  if (ctx.gateway === undefined || ctx.nc === undefined) {
    sendOpenAiError(res, 503, "server_error", "gateway_disabled", "this server runs no chat gateway (it needs a payer and NATS)");
    return undefined;
  }
  if (!holdsToken(ctx.gateway, req.headers.authorization)) {
    sendOpenAiError(res, 401, "authentication_error", "invalid_api_key", "send the gateway's token as `Authorization: Bearer <token>`");
    return undefined;
  }
  return ctx.gateway;
}

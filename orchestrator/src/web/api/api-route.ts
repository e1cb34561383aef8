// One JSON endpoint of the dApp server under /api/. Each route lives in its own file and is listed
// in api-routes.ts; the server matches method + path and hands the route what it needs.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deployment } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../../chain/chain-context.ts";
import type { ChatGateway } from "../../gateway/chat-gateway.ts";
import type { AgentOnboarding } from "../../onboarding/agent-onboarding.ts";

export type ApiContext = {
  readonly deployment: Deployment;
  /** The deployment's chain, for the routes' reads. */
  readonly chain: ChainContext;
  /** The orchestrator's NATS connection, when the server was given one (transcripts, jobs). */
  readonly nc?: NatsConnection;
  /** The OpenAI-compatible chat gateway's settings, when this server runs one (/v1/ routes). */
  readonly gateway?: ChatGateway;
  /** Issues NATS credentials to agents registered on chain, when this process holds the stack's account key. */
  readonly onboarding?: AgentOnboarding;
};

export type ApiRoute = {
  readonly method: "GET" | "POST";
  /** Matched against the path (without the query); named groups become `params`. */
  readonly path: RegExp;
  handle(req: IncomingMessage, res: ServerResponse, params: Record<string, string>, ctx: ApiContext): Promise<void>;
};

/** Answers with JSON (and no caching: API answers follow the chain and NATS). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** A JSON error body `{ error: { code, message } }`; codes come from the ConcordError catalogue. */
export function sendApiError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

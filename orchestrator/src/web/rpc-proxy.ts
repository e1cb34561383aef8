// /rpc: the page's JSON-RPC, forwarded to the devnet node so the browser needs only the page's
// origin. JSON bodies only, size-capped, only the methods of rpc-allow-list.ts (the rest answered
// here, per batch entry, and never forwarded), with the node's failures answered as JSON-RPC errors.
import type { IncomingMessage, ServerResponse } from "node:http";
import { contentTypes, send } from "./http-send.ts";
import { mergeRpcResponses, screenRpcRequest } from "./rpc-screen.ts";

/** Largest JSON-RPC request body forwarded (a batch of calls, a contract deployment). */
const maxRpcBodyBytes = 5 * 1024 * 1024;
const upstreamTimeoutMs = 30_000;
/**
 * Requests one server parses, screens and forwards at once (counted once the body is read, so a
 * slow body holds a socket, never a slot): what bounds the memory and the node's work a flood of
 * large bodies costs. A page sends a few at a time.
 */
export const MAX_RPC_IN_FLIGHT = 32;

/** One server's /rpc handler, forwarding to `upstream`, with its own count of requests in flight. */
export function rpcProxy(upstream: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  let inFlight = 0;
  return async (req, res) => {
    const body = await readRequest(req, res);
    if (body === undefined) return;
    if (inFlight >= MAX_RPC_IN_FLIGHT) {
      // -32005 "limit exceeded", which viem reads as a reason to retry later.
      return sendRpcError(res, 429, null, -32005, `the /rpc proxy already forwards ${MAX_RPC_IN_FLIGHT} requests: try again`);
    }
    inFlight += 1;
    try {
      await forward(res, body, upstream);
    } finally {
      inFlight -= 1;
    }
  };
}

/** The request's JSON body, or undefined once a 415 or 413 is sent. */
async function readRequest(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
  // JSON only: a cross-site form post (text/plain, no CORS preflight) must not reach the devnet.
  const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (contentType !== "application/json") {
    sendRpcError(res, 415, null, -32600, "the /rpc proxy accepts only content-type application/json");
    return undefined;
  }
  try {
    return await readBody(req, maxRpcBodyBytes);
  } catch (error) {
    sendRpcError(res, 413, null, -32600, error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

async function forward(res: ServerResponse, body: Buffer, upstream: string): Promise<void> {
  const text = body.toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return sendRpcError(res, 400, null, -32700, "parse error: the request body is not JSON");
  }
  const id = requestId(parsed);
  const screened = screenRpcRequest(parsed);
  const refusedAny = screened.refusals.some((r) => r !== undefined);
  if (screened.forward === undefined) return sendJson(res, mergeRpcResponses(screened, undefined));

  let upstreamResponse: Response;
  let upstreamBody: ArrayBuffer;
  try {
    upstreamResponse = await fetch(upstream, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // Re-serialised from what was screened, never the raw text: a node whose parser read a
      // duplicated "method" key differently from JSON.parse could otherwise run a refused method.
      body: JSON.stringify(screened.forward),
      signal: AbortSignal.timeout(upstreamTimeoutMs),
    });
    upstreamBody = await upstreamResponse.arrayBuffer();
  } catch (error) {
    return sendRpcError(res, 502, id, -32603, `upstream JSON-RPC node ${upstream} failed: ${describeFetchError(error)}`);
  }
  if (refusedAny) {
    const answers = parseJson(Buffer.from(upstreamBody).toString("utf8"));
    if (Array.isArray(answers)) return sendJson(res, mergeRpcResponses(screened, answers));
  }
  send(res, upstreamResponse.status, {
    "content-type": upstreamResponse.headers.get("content-type") ?? contentTypes[".json"]!,
    "cache-control": "no-store",
  }, Buffer.from(upstreamBody), "POST");
}

/** A JSON-RPC reply made here; 200 even for errors, as nodes answer, so clients read the error code. */
function sendJson(res: ServerResponse, body: unknown): void {
  send(res, 200, { "content-type": contentTypes[".json"]!, "cache-control": "no-store" }, JSON.stringify(body), "POST");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function requestId(request: unknown): string | number | null {
  if (typeof request === "object" && request !== null && "id" in request) {
    const id = (request as { id: unknown }).id;
    if (typeof id === "string" || typeof id === "number") return id;
  }
  return null;
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" and keeps the real reason (ECONNREFUSED, timeout...) in cause.
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message}: ${typeof code === "string" ? `${code} ` : ""}${cause.message}`.trim();
  }
  return error.message;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`request body larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function sendRpcError(res: ServerResponse, status: number, id: string | number | null, code: number, message: string): void {
  send(res, status, { "content-type": contentTypes[".json"]! }, JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } }), "POST");
}

// A local server speaking the chat-completions wire format (node:http), for tests of the
// OpenAI-compatible path: each completion request is recorded and answered by the test's own
// handler; the model list (GET /models) is answered as a real server does.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Responder = (res: ServerResponse) => void | Promise<void>;
export interface Seen { path: string; headers: IncomingHttpHeaders; body: any; at: number }

export interface ChatServer {
  /** Up to and including /v1. */
  baseUrl: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** Starts the server on a free loopback port; `respond` picks the reply to each request. */
export async function startChatServer(respond: (seen: Seen) => Responder): Promise<ChatServer> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    // What an agent asks before it says it is ready (its provider check), as real servers answer it.
    if (req.method === "GET" && req.url?.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [] }));
      return;
    }
    let text = "";
    for await (const chunk of req) text += chunk;
    const request = { path: req.url ?? "", headers: req.headers, body: JSON.parse(text), at: performance.now() };
    seen.push(request);
    await respond(request)(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export const reply = (status: number, body: unknown, headers: Record<string, string> = {}): Responder => (res) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

export const completion = (content: string, usage = { prompt_tokens: 100, completion_tokens: 20 }): Responder =>
  reply(200, { id: "c1", object: "chat.completion", model: "m", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage });

// A JSON-RPC proxy in front of a node, for outage tests: it passes requests through, refuses them
// (closes the connection unanswered), stalls them until released, or forwards one method's next
// request and drops the answer (the request reached the node; its response was lost). Each
// request it sees is told to listeners, so tests await what happened instead of sleeping.
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode = "pass" | "refuse" | "stall";

export interface ProxyEvent {
  method: string;
  /** What the proxy did with it. */
  outcome: "passed" | "refused" | "stalled" | "abandoned" | "dropped-response";
  body: string;
}

export interface RpcProxy {
  url: string;
  events: EventEmitter<{ request: [ProxyEvent] }>;
  /** Everything seen so far, in order. */
  seen: ProxyEvent[];
  setMode(mode: ProxyMode): void;
  /** The next request for `method` reaches the node, but its answer is dropped. */
  dropNextResponse(method: string): void;
  /** Resolves with the first event (from now) that `match` accepts. */
  next(match: (event: ProxyEvent) => boolean): Promise<ProxyEvent>;
  close(): Promise<void>;
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let mode: ProxyMode = "pass";
  const drops = new Set<string>();
  const stalled: (() => void)[] = [];
  const events = new EventEmitter<{ request: [ProxyEvent] }>();
  const seen: ProxyEvent[] = [];
  const tell = (method: string, outcome: ProxyEvent["outcome"], body: string) => {
    const event = { method, outcome, body };
    seen.push(event);
    events.emit("request", event);
  };

  const forward = async (body: string, res: ServerResponse, method: string) => {
    const answer = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
    const text = await answer.text();
    if (drops.delete(method)) {
      res.socket?.destroy();
      tell(method, "dropped-response", body);
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json" }).end(text);
    tell(method, "passed", body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const method = (JSON.parse(body) as { method?: string }).method ?? "batch";
    if (mode === "refuse") {
      req.socket.destroy();
      tell(method, "refused", body);
      return;
    }
    if (mode === "stall") {
      tell(method, "stalled", body);
      // The client gives up on a stalled request (its timeout): that is the event tests await.
      res.once("close", () => {
        if (!res.writableEnded) tell(method, "abandoned", body);
      });
      await new Promise<void>((resolve) => stalled.push(resolve));
      if (res.destroyed) return;
    }
    await forward(body, res, method);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    seen,
    setMode(next) {
      mode = next;
      if (next !== "stall") for (const release of stalled.splice(0)) release();
    },
    dropNextResponse(method) {
      drops.add(method);
    },
    next(match) {
      return new Promise((resolve) => {
        const listener = (event: ProxyEvent) => {
          if (!match(event)) return;
          events.off("request", listener);
          resolve(event);
        };
        events.on("request", listener);
      });
    },
    async close() {
      for (const release of stalled.splice(0)) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

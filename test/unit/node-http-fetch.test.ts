// The orchestrator's JSON-RPC requests go over node:http with keep-alive sockets instead of the
// global fetch: viem must see the same answers and the same errors through it (a result, an RPC
// error, an HTTP failure, a refused connection, a timeout, a body too large), and the requests
// must share one socket.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicClient, http as viemHttp, HttpRequestError, ResponseBodyTooLargeError, RpcRequestError, TimeoutError } from "viem";
import { asFetch, MAX_RESPONSE_BYTES, nodeHttpFetch } from "@concord/orchestrator/chain/node-http-fetch.ts";
import { patientHttp } from "@concord/orchestrator/chain/patient-http.ts";

type Handler = (body: { id: number; method: string; params?: unknown[] }, res: http.ServerResponse) => void;
const json = (res: http.ServerResponse, status: number, value: unknown) => {
  const text = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
};
const handlers: Record<string, Handler> = {
  eth_chainId: (body, res) => json(res, 200, { jsonrpc: "2.0", id: body.id, result: "0x7a69" }),
  eth_echo: (body, res) => json(res, 200, { jsonrpc: "2.0", id: body.id, result: body.params }),
  eth_call: (body, res) => json(res, 200, { jsonrpc: "2.0", id: body.id, error: { code: -32000, message: "execution reverted", data: "0x1234" } }),
  eth_down: (_body, res) => json(res, 503, { message: "overloaded" }),
  eth_slow: () => {},
  eth_huge: (body, res) => {
    // Chunked, without a Content-Length: the size is only known by reading.
    res.writeHead(200, { "Content-Type": "application/json" });
    const chunk = "x".repeat(1 << 20);
    res.write(`{"jsonrpc":"2.0","id":${body.id},"result":"`);
    for (let i = 0; i <= MAX_RESPONSE_BYTES / chunk.length; i++) res.write(chunk);
    res.end(`"}`);
  },
};

let server: http.Server;
let url: string;
const sockets = new Set<unknown>();
before(async () => {
  server = http.createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => {
      const body = JSON.parse(text) as Parameters<Handler>[0];
      handlers[body.method]!(body, res);
    });
  });
  server.on("connection", (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const clientOf = (options: { timeout?: number } = {}) =>
  createPublicClient({ transport: viemHttp(url, { fetchFn: asFetch(nodeHttpFetch()), retryCount: 0, ...options }) });
type Loose = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };
const loose = (client: ReturnType<typeof clientOf>) => client as unknown as Loose;

describe("nodeHttpFetch", () => {
  it("gives viem the node's results, over one kept-alive socket", async () => {
    sockets.clear();
    const client = clientOf();
    assert.equal(await client.getChainId(), 31337);
    const params = ["é", { a: [1, 2] }, "x".repeat(100_000)];
    assert.deepEqual(await loose(client).request({ method: "eth_echo", params }), params);
    for (let i = 0; i < 5; i++) await client.getChainId();
    assert.equal(sockets.size, 1);
  });

  it("gives viem the node's RPC error, with its code and data", async () => {
    await assert.rejects(loose(clientOf()).request({ method: "eth_call", params: [] }), (error: unknown) => {
      const cause = (error as { walk(fn: (e: unknown) => boolean): unknown }).walk((e) => e instanceof RpcRequestError);
      return cause instanceof RpcRequestError && cause.code === -32000 && /execution reverted/.test(cause.message);
    });
  });

  it("reports an HTTP failure with its status", async () => {
    await assert.rejects(loose(clientOf()).request({ method: "eth_down" }), (error: unknown) =>
      error instanceof HttpRequestError && error.status === 503);
  });

  it("reports a refused connection as a transport failure (no status), as fetch does", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createPublicClient({ transport: viemHttp(`http://127.0.0.1:${port}`, { fetchFn: asFetch(nodeHttpFetch()), retryCount: 0 }) });
    await assert.rejects(client.getChainId(), (error: unknown) => error instanceof HttpRequestError && error.status === undefined);
  });

  it("is aborted by viem's timeout", async () => {
    const started = Date.now();
    await assert.rejects(loose(clientOf({ timeout: 200 })).request({ method: "eth_slow" }), (error: unknown) => error instanceof TimeoutError);
    assert.ok(Date.now() - started < 2_000);
  });

  it("refuses a body larger than viem's limit as too large, not as an outage", async () => {
    await assert.rejects(loose(clientOf()).request({ method: "eth_huge" }), (error: unknown) =>
      (error as { walk(fn: (e: unknown) => boolean): unknown }).walk((e) => e instanceof ResponseBodyTooLargeError) instanceof ResponseBodyTooLargeError);
  });

  it("serves the patient transport, which retries an HTTP outage through it", async () => {
    let calls = 0;
    handlers.eth_flaky = (body, res) => (++calls < 3 ? json(res, 503, {}) : json(res, 200, { jsonrpc: "2.0", id: body.id, result: "0x1" }));
    const transport = patientHttp(url, { outageMs: 5_000, fetchFn: nodeHttpFetch() });
    const client = createPublicClient({ transport }) as unknown as Loose;
    assert.equal(await client.request({ method: "eth_flaky" }), "0x1");
    assert.equal(calls, 3);
  });
});

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, request, type Server } from "node:http";
import { once } from "node:events";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import {
  dappConfigSchema, type Deployment, deploymentSchema, sessionLogSnapshotSchema,
} from "@concord/agent-sdk/protocol";
import { inlineConfig, startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { sendApiError, sendJson, type ApiRoute } from "@concord/orchestrator/web/api/api-route.ts";

const sessionsAddress = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
/** The one Sessions log the stand-in node holds (its shape is all the server handles). */
const heldLog = {
  address: sessionsAddress.toLowerCase(), topics: [`0x${"1".repeat(64)}`], data: "0x", blockNumber: "0x4",
  blockHash: `0x${"2".repeat(64)}`, transactionHash: `0x${"3".repeat(64)}`, transactionIndex: "0x0", logIndex: "0x0", removed: false,
};

/** A JSON-RPC node stand-in that records what it receives: head at block 5, one log, 0x7a69 to anything else. */
async function startUpstream(): Promise<{ url: string; received: string[]; server: Server }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push(body);
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      const result = method === "eth_blockNumber" ? "0x5" : method === "eth_getLogs" ? [heldLog] : "0x7a69";
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id, result }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server };
}

/** A raw GET that sends the path exactly as written (fetch would normalise `..` away). */
async function rawGet(base: string, rawPath: string): Promise<{ status: number; body: string; contentType: string | undefined }> {
  const { hostname, port } = new URL(base);
  const req = request({ host: hostname, port, path: rawPath, method: "GET" });
  req.end();
  const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), contentType: res.headers["content-type"] };
}

function rpcPost(base: string, body: unknown): Promise<Response> {
  return fetch(`${base}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("dapp-server", () => {
  let tmp: string;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let dapp: DappServer;
  let deployment: Deployment;
  const secret = "SECRET-OUTSIDE-DIST";

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "concord-dapp-"));
    const distDir = path.join(tmp, "dist");
    await mkdir(path.join(distDir, "assets"), { recursive: true });
    await writeFile(path.join(distDir, "index.html"), "<!doctype html><title>Concord</title><div id=root></div>");
    await writeFile(path.join(distDir, "assets", "index-abc.js"), "console.log('app');");
    // What a traversal would try to read: a file next to distDir.
    await writeFile(path.join(tmp, "package.json"), JSON.stringify({ name: secret }));
    upstream = await startUpstream();
    deployment = {
      chainId: 31337,
      rpcUrl: upstream.url,
      deployedAtBlock: "1",
      contracts: {
        AgentRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        Sessions: sessionsAddress,
      },
    };
    const routes: ApiRoute[] = [
      { method: "GET", path: /^\/api\/echo\/(?<word>\w+)$/, handle: async (_req, res, params, ctx) => sendJson(res, 200, { word: params.word, chainId: ctx.deployment.chainId }) },
      { method: "POST", path: /^\/api\/fail$/, handle: async () => { throw new Error("route broke"); } },
      { method: "GET", path: /^\/api\/teapot$/, handle: async (_req, res) => sendApiError(res, 418, "TEAPOT", "short and stout") },
    ];
    dapp = await startDappServer({
      distDir, deployment, routes, natsWebsocket: { url: "ws://127.0.0.1:1234", user: "viewer", pass: "pw" },
      explorer: { name: "Otterscan", url: "http://127.0.0.1:5100" },
    });
  });

  after(async () => {
    await dapp?.close();
    upstream?.server.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 by default", () => {
    assert.match(dapp.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves the deployment record at /deployment.json", async () => {
    const res = await fetch(`${dapp.url}/deployment.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(deploymentSchema.parse(await res.json()), deployment);
  });

  it("inlines the page config into index.html and serves it at /config.json", async () => {
    const html = await (await fetch(`${dapp.url}/sessions/7`)).text();
    const inline = /<script id="concord-config" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
    assert.ok(inline, "index.html carries the config");
    const expected = {
      deployment, natsWebsocket: { url: "ws://127.0.0.1:1234", user: "viewer", pass: "pw" }, explorer: { name: "Otterscan", url: "http://127.0.0.1:5100" },
    };
    assert.deepEqual(dappConfigSchema.parse(JSON.parse(inline)), expected);
    assert.deepEqual(dappConfigSchema.parse(await (await fetch(`${dapp.url}/config.json`)).json()), expected);
  });

  it("inlines the Sessions logs the node holds, read from the deployment block to its head", async () => {
    const html = await (await fetch(`${dapp.url}/`)).text();
    const inline = /<script id="concord-session-logs" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
    assert.ok(inline, "index.html carries the Sessions logs");
    assert.deepEqual(sessionLogSnapshotSchema.parse(JSON.parse(inline)), { address: sessionsAddress, fromBlock: "0x1", toBlock: "0x5", logs: [heldLog] });
    const asked = upstream.received.map((b) => JSON.parse(b) as { method: string; params?: [{ address: string; fromBlock: string; toBlock: string }] }).filter((c) => c.method === "eth_getLogs");
    assert.deepEqual(asked[0]?.params?.[0], { address: sessionsAddress, fromBlock: "0x1", toBlock: "0x5" });
  });

  it("escapes < in the inlined config so a value cannot close the script element", () => {
    const html = inlineConfig("<html><head></head><body></body></html>", JSON.stringify({ x: "</script><script>alert(1)</script>" }));
    assert.equal(html.match(/<\/script>/g)?.length, 1);
    assert.match(html, /\\u003c\/script>\\u003cscript>/);
    assert.ok(html.indexOf("concord-config") < html.indexOf("</head>"));
  });

  it("routes /api/ requests to their handlers with named params", async () => {
    const res = await fetch(`${dapp.url}/api/echo/hello`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.deepEqual(await res.json(), { word: "hello", chainId: 31337 });
    const teapot = await fetch(`${dapp.url}/api/teapot`);
    assert.equal(teapot.status, 418);
    assert.deepEqual(await teapot.json(), { error: { code: "TEAPOT", message: "short and stout" } });
  });

  it("answers unknown API paths, wrong methods and failing handlers with JSON errors", async () => {
    const missing = await fetch(`${dapp.url}/api/nope`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, "NOT_FOUND");
    const wrongMethod = await fetch(`${dapp.url}/api/echo/x`, { method: "POST" });
    assert.equal(wrongMethod.status, 405);
    assert.equal(((await wrongMethod.json()) as { error: { code: string } }).error.code, "METHOD_NOT_ALLOWED");
    const broken = await fetch(`${dapp.url}/api/fail`, { method: "POST" });
    assert.equal(broken.status, 500);
    assert.deepEqual(await broken.json(), { error: { code: "INTERNAL", message: "route broke" } });
  });

  it("serves index.html at /", async () => {
    const res = await fetch(`${dapp.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(await res.text(), /<title>Concord<\/title>/);
  });

  it("serves assets with their content type", async () => {
    const res = await fetch(`${dapp.url}/assets/index-abc.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.equal(await res.text(), "console.log('app');");
  });

  it("falls back to index.html for unknown paths without an extension", async () => {
    const res = await fetch(`${dapp.url}/sessions/3`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<title>Concord<\/title>/);
  });

  it("answers 404 for a missing asset", async () => {
    const res = await fetch(`${dapp.url}/assets/missing.js`);
    assert.equal(res.status, 404);
    await res.body?.cancel();
  });

  for (const attempt of [
    "/../package.json",
    "/%2e%2e/package.json",
    "/%2E%2E%2Fpackage.json",
    "/..%2fpackage.json",
    "/assets/..%5c..%5cpackage.json",
    "/assets/../../package.json",
  ]) {
    it(`refuses the traversal attempt ${attempt}`, async () => {
      const res = await rawGet(dapp.url, attempt);
      assert.equal(res.status, 403);
      assert.doesNotMatch(res.body, new RegExp(secret));
    });
  }

  it("forwards /rpc bodies to the upstream node and returns its reply", async () => {
    const call = { jsonrpc: "2.0", id: 7, method: "eth_chainId", params: [] };
    const res = await rpcPost(dapp.url, call);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { jsonrpc: "2.0", id: 7, result: "0x7a69" });
    assert.deepEqual(JSON.parse(upstream.received.at(-1)!), call);
  });

  it("answers a method outside the allow-list itself, with -32601 naming it, and never forwards it", async () => {
    const seen = upstream.received.length;
    const res = await rpcPost(dapp.url, { jsonrpc: "2.0", id: 8, method: "hardhat_setBalance", params: [sessionsAddress, "0x1"] });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { id: unknown; error: { code: number; message: string } };
    assert.equal(body.id, 8);
    assert.equal(body.error.code, -32601);
    assert.match(body.error.message, /hardhat_setBalance is not allowed through \/rpc/);
    assert.equal(upstream.received.length, seen);
  });

  it("forwards the request it screened, not the raw text: a duplicated method key cannot smuggle a refused method", async () => {
    const post = (raw: string) => fetch(`${dapp.url}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: raw });
    const seen = upstream.received.length;
    // JSON.parse keeps the last key: refused here, and nothing reaches the node.
    const refused = (await (await post('{"jsonrpc":"2.0","id":1,"method":"eth_chainId","method":"hardhat_setBalance"}')).json()) as { error?: { code: number } };
    assert.equal(refused.error?.code, -32601);
    assert.equal(upstream.received.length, seen);
    // Allowed: the node gets one method key, the one that was screened.
    await (await post('{"jsonrpc":"2.0","id":2,"method":"hardhat_setBalance","method":"eth_chainId"}')).json();
    assert.equal(upstream.received.at(-1), JSON.stringify({ jsonrpc: "2.0", id: 2, method: "eth_chainId" }));
  });

  it("refuses /rpc requests that are not JSON", async () => {
    const res = await fetch(`${dapp.url}/rpc`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    assert.equal(res.status, 415);
    await res.body?.cancel();
  });

  it("refuses requests addressed to another host name", async () => {
    const { port } = new URL(dapp.url);
    const req = request({ host: "127.0.0.1", port, path: "/deployment.json", headers: { host: `evil.example:${port}` } });
    req.end();
    const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
    res.resume();
    assert.equal(res.statusCode, 421);
  });

  it("answers 502 with a JSON-RPC error naming the upstream when the node is down", async () => {
    // A second server whose upstream is a port that was just freed: nothing listens there.
    const dead = createServer();
    dead.listen(0, "127.0.0.1");
    await once(dead, "listening");
    const { port } = dead.address() as AddressInfo;
    dead.close();
    await once(dead, "close");
    const deadUrl = `http://127.0.0.1:${port}`;
    const orphan = await startDappServer({ distDir: path.join(tmp, "dist"), deployment: { ...deployment, rpcUrl: deadUrl } });
    try {
      const res = await rpcPost(orphan.url, { jsonrpc: "2.0", id: 9, method: "eth_blockNumber", params: [] });
      assert.equal(res.status, 502);
      const body = (await res.json()) as { id: unknown; error: { code: number; message: string } };
      assert.equal(body.id, 9);
      assert.equal(body.error.code, -32603);
      assert.match(body.error.message, new RegExp(`upstream JSON-RPC node ${deadUrl}.*ECONNREFUSED`));
      // The page is still served, without the logs: the browser reads (and reports) the chain itself.
      const page = await fetch(`${orphan.url}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /id="concord-config"/);
      assert.doesNotMatch(html, /concord-session-logs/);
    } finally {
      await orphan.close();
    }
  });

  it("rejects a distDir without index.html", async () => {
    await assert.rejects(startDappServer({ distDir: tmp + "/nope", deployment }), /CONFIG_INVALID/);
  });
});

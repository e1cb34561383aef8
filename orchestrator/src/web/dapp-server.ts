// Serves the built dApp on loopback: the static bundle (index.html with the page's config and the
// Sessions logs inlined, so the first render waits for no extra request), the config at
// /config.json and the deployment record at /deployment.json, the /api/ routes, and /rpc, a
// JSON-RPC proxy to the devnet (the methods of rpc-allow-list.ts only) so the page needs only its
// origin, and the documents the page links to (docs-files.ts) read-only under /docs/.
// Without a dist dir it serves the /api/ routes alone (`concord devnet`'s agent onboarding).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import {
  ConcordError, type DappConfig, dappConfigElementId, dappConfigSchema, type Deployment, sessionLogSnapshotElementId,
} from "@concord/agent-sdk/protocol";
import type { NatsConnection } from "@nats-io/transport-node";
import { sendApiError, type ApiContext, type ApiRoute } from "./api/api-route.ts";
import { apiRoutes } from "./api/api-routes.ts";
import { createPublicClient, http, type PublicClient } from "viem";
import type { ChainContext } from "../chain/chain-context.ts";
import type { ChatGateway } from "../gateway/chat-gateway.ts";
import { createSessionLogSource, type SessionLogSource } from "./session-log-source.ts";
import { contentTypes, send, sendText } from "./http-send.ts";
import { rpcProxy } from "./rpc-proxy.ts";
import { isFile, serveStatic } from "./static-files.ts";
import { isDocPath, repositoryDocsDir, serveDoc } from "./docs-files.ts";
import type { AgentOnboarding } from "../onboarding/agent-onboarding.ts";

export type DappServerOptions = {
  /** The vite build output (app/dist); must hold index.html. Absent: the /api/ routes only. */
  readonly distDir?: string;
  readonly deployment: Deployment;
  /** Default 127.0.0.1: a local devnet's page, whose /rpc reaches the node (allowed methods only). */
  readonly host?: string;
  /** 0 (the default) picks any free port. */
  readonly port?: number;
  /** The orchestrator's NATS connection, for the /api/ routes that read transcripts or queue jobs. */
  readonly nc?: NatsConnection;
  /** Where the page subscribes to live session events (nats-server's WebSocket listener). */
  readonly natsWebsocket?: DappConfig["natsWebsocket"];
  /** The chain the routes read (default: a client of the deployment's RPC URL). */
  readonly chain?: ChainContext;
  /** Default: every route in api/api-routes.ts. */
  readonly routes?: readonly ApiRoute[];
  /**
   * The Sessions logs inlined into each served page, so the list renders without its own first
   * scan (default: read from `chain`); false serves the page without them.
   */
  readonly sessionLogs?: SessionLogSource | false;
  /** The block explorer the page links to (dapp-config.ts); default: one the page knows for the chain. */
  readonly explorer?: DappConfig["explorer"];
  /**
   * Where the page links the project's documents (`concord dapp --docs URL`); default: this
   * server's own copies, read from `docsDir`.
   */
  readonly docs?: DappConfig["docs"];
  /**
   * Task family names the page may show families by, when one hashes to a session's family
   * (`concord dapp --task-family NAME`; dapp-config.ts); default: none (the page's own only).
   */
  readonly taskFamilies?: DappConfig["taskFamilies"];
  /** The folder /docs/economics.md and /docs/protocol.md are read from (default: the repository's docs/). */
  readonly docsDir?: string;
  /** Runs the OpenAI-compatible chat gateway (/v1/) with these settings; needs `nc`. */
  readonly gateway?: ChatGateway;
  /** Serves POST /api/agents/join with it (agent onboarding). */
  readonly onboarding?: AgentOnboarding;
};

export type DappServer = {
  readonly url: string;
  close(): Promise<void>;
};



export async function startDappServer(options: DappServerOptions): Promise<DappServer> {
  const host = options.host ?? "127.0.0.1";
  const app = options.distDir === undefined ? undefined : await readApp(options.distDir);
  const deploymentJson = JSON.stringify(options.deployment);
  const config: DappConfig = dappConfigSchema.parse({ deployment: options.deployment, natsWebsocket: options.natsWebsocket, explorer: options.explorer, docs: options.docs, taskFamilies: options.taskFamilies });
  const configJson = JSON.stringify(config);
  const indexHtml = app && inlineConfig(app.indexHtml, configJson);
  const routes = options.routes ?? apiRoutes;
  const proxyRpc = rpcProxy(options.deployment.rpcUrl);
  const chain = options.chain ?? { deployment: options.deployment, publicClient: createPublicClient({ transport: http(options.deployment.rpcUrl) }) as PublicClient };
  const sessionLogs = options.sessionLogs === false || app === undefined ? undefined : options.sessionLogs ?? createSessionLogSource(chain.publicClient, options.deployment);
  const apiContext: ApiContext = { deployment: options.deployment, chain, nc: options.nc, gateway: options.gateway, onboarding: options.onboarding };
  const allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page on another site could reach this loopback server through DNS rebinding; only
    // answer requests addressed to us by a loopback name.
    if (!allowedHosts.has((req.headers.host ?? "").toLowerCase())) {
      return sendText(res, 421, "unexpected Host header");
    }
    const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
    if (rawPath === "/rpc") {
      if (req.method === "POST") return proxyRpc(req, res);
      res.setHeader("allow", "POST");
      return sendText(res, 405, "/rpc takes POST (JSON-RPC)");
    }
    if (rawPath.startsWith("/api/") || rawPath.startsWith("/v1/")) return handleApi(req, res, rawPath);
    if (req.method !== "GET" && req.method !== "HEAD") return sendText(res, 404, "not found");
    if (rawPath === "/config.json") {
      return send(res, 200, { "content-type": contentTypes[".json"]!, "cache-control": "no-cache" }, configJson, req.method);
    }
    if (rawPath === "/deployment.json") {
      return send(res, 200, { "content-type": contentTypes[".json"]!, "cache-control": "no-cache" }, deploymentJson, req.method);
    }
    // An API-only server still tells a joining agent which deployment it serves (/deployment.json).
    if (app === undefined) return sendText(res, 404, "not found");
    if (rawPath === "/" || rawPath === "/index.html") return sendApp(req, res);
    if (isDocPath(rawPath)) return serveDoc(req, res, rawPath, options.docsDir ?? repositoryDocsDir);
    return serveStatic(req, res, rawPath, app.distDir, () => sendApp(req, res));
  }

  /** index.html with the config and, when the node answers in time, the Sessions logs. */
  async function sendApp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const snapshot = await sessionLogs?.read();
    const html = snapshot === undefined ? indexHtml! : inlineJson(indexHtml!, sessionLogSnapshotElementId, JSON.stringify(snapshot));
    send(res, 200, { "content-type": contentTypes[".html"]!, "cache-control": "no-cache", "x-content-type-options": "nosniff" }, html, req.method);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    let pathMatched = false;
    for (const route of routes) {
      const match = route.path.exec(rawPath);
      if (match === null) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      try {
        return await route.handle(req, res, { ...match.groups }, apiContext);
      } catch (error) {
        if (res.headersSent) return void res.destroy();
        const code = error instanceof ConcordError ? error.code : "INTERNAL";
        return sendApiError(res, 500, code, error instanceof Error ? error.message : String(error));
      }
    }
    if (pathMatched) return sendApiError(res, 405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${rawPath}`);
    return sendApiError(res, 404, "NOT_FOUND", `no API route ${rawPath}`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("dApp server has no TCP address");
  const hostPart = address.family === "IPv6" ? `[${address.address}]` : address.address;
  for (const name of [hostPart, "localhost", "127.0.0.1", "[::1]"]) allowedHosts.add(`${name}:${address.port}`.toLowerCase());

  return {
    url: `http://${hostPart}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The built app: its dist dir (resolved) and index.html, refused with a clear error when not built. */
async function readApp(dir: string): Promise<{ distDir: string; indexHtml: string }> {
  const distDir = await realpath(path.resolve(dir)).catch((cause: unknown) => {
    throw new ConcordError("CONFIG_INVALID", `dApp dist dir ${dir} does not exist (run vite build)`, { cause });
  });
  const indexPath = path.join(distDir, "index.html");
  if (!(await isFile(indexPath))) {
    throw new ConcordError("CONFIG_INVALID", `${indexPath} is missing (run vite build --config app/vite.config.ts)`);
  }
  return { distDir, indexHtml: await readFile(indexPath, "utf8") };
}

/** index.html with the page's config inlined (see inlineJson). */
export function inlineConfig(html: string, configJson: string): string {
  return inlineJson(html, dappConfigElementId, configJson);
}

/**
 * html with `json` in a JSON script element of the given id, before </head> (or at the end: the
 * app's module script runs after the whole document is parsed). `<` is escaped so no value can
 * close the element early.
 */
export function inlineJson(html: string, id: string, json: string): string {
  const element = `<script id="${id}" type="application/json">${json.replaceAll("<", "\\u003c")}</script>`;
  return html.includes("</head>") ? html.replace("</head>", `${element}\n  </head>`) : `${html}\n${element}`;
}


// A real nats-server on loopback with JetStream and a WebSocket listener, on ports it picks itself.
// Open, with password users (a plain `authorization` block), or in operator mode (decentralized
// JWT auth: the stack's trust chain, nats-auth/nats-trust.ts), where users can be added and
// revoked while it runs.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { spawnReady } from "./child-process.ts";
import { ensureNatsServer } from "./ensure-nats-server.ts";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { natsAuthOptions } from "@concord/agent-sdk/agent";
import type { NatsAuth, NatsPasswordAuth } from "@concord/agent-sdk/protocol";
import type { NatsTrust } from "../nats-auth/nats-trust.ts";
import { pushAccountJwt } from "../nats-auth/account-update.ts";

export type { NatsAuth, NatsPasswordAuth } from "@concord/agent-sdk/protocol";

/** A stack's NATS users by role, when its server requires credentials (see local-stack.ts). */
export interface NatsUsers {
  /** Unrestricted: orchestrators and the launcher. */
  admin: NatsAuth;
  /** The command line: submit jobs, follow events, read stored sessions (cliPermissions). */
  cli: NatsAuth;
  /** The dApp in a browser: session events only (viewerPermissions). */
  viewer: NatsAuth;
  /** `concord relay`: every session's relayed ballots, read only (relayerPermissions). */
  relayer: NatsAuth;
  /** One per agent, by agent name: its own tasks and results only (agentPermissions). */
  agents: Record<string, NatsAuth>;
}

/** A password user of a plain `authorization` block. */
export interface NatsUser extends NatsPasswordAuth {
  /** `allowResponses`: may reply to a request it received (nats-server's allow_responses), nothing more. */
  permissions: { publish: string[]; subscribe: string[]; allowResponses?: boolean };
}

export interface LocalNatsServer {
  url: string;
  /** When users were configured: the unrestricted user for the orchestrator and tools. */
  admin?: NatsAuth;
  websocketUrl: string;
  /** Stops the server and removes its store. */
  stop(): Promise<void>;
  /** Kills the server abruptly (SIGKILL), as a crash would; the store stays for a restart. */
  kill(): Promise<void>;
  /** Starts the server again after kill(), on the same ports with the same store and users. */
  restart(): Promise<void>;
  /** Resolves if the current server process exits without stop() (kill() is a crash too), saying so. */
  readonly died: Promise<string>;
  /**
   * In operator mode: applies a re-signed account JWT to the running server (revocations take
   * effect at once). Undefined otherwise.
   */
  updateAccount?: (accountJwt: string) => Promise<void>;
}

export async function startNatsServer(
  options: {
    log?: (line: string) => void;
    /** Default: a free port the server picks. */
    port?: number;
    /** Restricted users (e.g. one per agent); an unrestricted admin user is added. Default: no auth. */
    users?: NatsUser[];
    /** The largest message the server takes, in bytes (NATS's default: 1 MiB). */
    maxPayload?: number;
    /**
     * Operator mode: the server trusts this operator and its accounts (every user is a JWT of the
     * agents' account; `admin` is issued unrestricted). Excludes `users`.
     */
    trust?: NatsTrust;
  } = {},
): Promise<LocalNatsServer> {
  const binary = ensureNatsServer(options.log);
  const dir = await mkdtemp(path.join(tmpdir(), "concord-nats-"));
  const config = path.join(dir, "nats.conf");
  // Port -1: the server picks a free port and logs it, so there is no race for ports.
  if (options.users && options.trust) throw new Error("startNatsServer: password users and operator mode exclude each other");
  const passwordAdmin = options.users ? { user: "concord-admin", pass: randomBytes(18).toString("base64url") } : undefined;
  const admin: NatsAuth | undefined = options.trust ? jwtUser(await options.trust.issueUser("concord-admin")) : passwordAdmin;
  const trustLines = options.trust ? await operatorBlock(options.trust, path.join(dir, "accounts")) : [];
  await writeFile(
    config,
    [
      `listen: 127.0.0.1:${options.port ?? -1}`,
      ...(options.maxPayload ? [`max_payload: ${options.maxPayload}`] : []),
      `jetstream { store_dir: ${JSON.stringify(path.join(dir, "store"))} }`,
      "websocket { listen: \"127.0.0.1:-1\", no_tls: true, same_origin: false }",
      ...(passwordAdmin ? [authorizationBlock(passwordAdmin, options.users!)] : []),
      ...trustLines,
    ].join("\n"),
  );
  let clientPort = "";
  let websocketPort = "";
  const spawnServer = () => spawnReady({
    command: binary,
    args: ["-c", config],
    label: "nats-server",
    readyPattern: /Server is ready/,
    timeoutMs: 30_000,
    onLine: (line) => {
      clientPort ||= line.match(/Listening for client connections on [\d.]+:(\d+)/)?.[1] ?? "";
      websocketPort ||= line.match(/Listening for websocket clients on ws:\/\/[\d.]+:(\d+)/)?.[1] ?? "";
    },
  });
  let server = await spawnServer();
  // In operator mode: one system-account connection, opened on the first account update.
  let system: Promise<NatsConnection> | undefined;
  const systemUser = options.trust && (await options.trust.systemUser());
  // A restart must come back where the clients look for it: pin the ports the server picked.
  const text = await readFile(config, "utf8");
  await writeFile(config, text.replace(/listen: 127\.0\.0\.1:-?\d+/, `listen: 127.0.0.1:${clientPort}`).replace(/"127\.0\.0\.1:-1"/, `"127.0.0.1:${websocketPort}"`));
  return {
    url: `nats://127.0.0.1:${clientPort}`,
    admin,
    websocketUrl: `ws://127.0.0.1:${websocketPort}`,
    get died() {
      return server.died;
    },
    updateAccount: systemUser && (async (accountJwt: string) => {
      system ??= connect({ servers: `nats://127.0.0.1:${clientPort}`, name: "concord-system", maxReconnectAttempts: -1, ...natsAuthOptions(systemUser) });
      await pushAccountJwt(await system, accountJwt);
    }),
    async stop() {
      await system?.then((nc) => nc.close(), () => {});
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
    async kill() {
      const gone = new Promise((resolve) => server.child.once("exit", resolve));
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill("SIGKILL");
        await gone;
      }
    },
    async restart() {
      if (server.child.exitCode === null && server.child.signalCode === null) throw new Error("nats-server is still running");
      server = await spawnServer();
    },
  };
}

function jwtUser(issued: { jwt: string; seed?: string }): NatsAuth {
  return { jwt: issued.jwt, seed: issued.seed! };
}

/**
 * Operator mode's config: the operator JWT, the system account, and a `full` resolver (the only
 * kind that takes account updates at runtime) preloaded with the accounts' JWTs.
 */
async function operatorBlock(trust: NatsTrust, resolverDir: string): Promise<string[]> {
  await mkdir(resolverDir, { recursive: true });
  const accounts = Object.entries(await trust.accountJwts()).map(([key, jwt]) => `  ${key}: ${jwt}`);
  return [
    `operator: ${trust.operatorJwt}`,
    `system_account: ${trust.systemAccount}`,
    `resolver: { type: full, dir: ${JSON.stringify(resolverDir)}, allow_delete: false }`,
    "resolver_preload: {", ...accounts, "}",
  ];
}

/** nats-server's `authorization` block; values are JSON strings, which its config syntax accepts. */
export function authorizationBlock(admin: NatsPasswordAuth, users: readonly NatsUser[]): string {
  const q = JSON.stringify;
  // An empty allow list is not "nothing" to every nats-server version: say deny-all outright.
  const allow = (subjects: readonly string[]) => (subjects.length === 0 ? `{ deny: ${q([">"])} }` : `{ allow: ${q(subjects)} }`);
  const user = (u: NatsUser) =>
    `    { user: ${q(u.user)}, password: ${q(u.pass)}, permissions: { publish: ${allow(u.permissions.publish)}, ` +
    `subscribe: ${allow(u.permissions.subscribe)}${u.permissions.allowResponses ? ", allow_responses: true" : ""} } }`;
  return [
    "authorization {",
    "  users = [",
    `    { user: ${q(admin.user)}, password: ${q(admin.pass)} }`,
    ...users.map(user),
    "  ]",
    "}",
  ].join("\n");
}

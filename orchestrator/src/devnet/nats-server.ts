// A real nats-server on loopback with JetStream and a WebSocket listener, on ports it picks itself.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { spawnReady } from "./child-process.ts";
import { ensureNatsServer } from "./ensure-nats-server.ts";

/** Credentials of one NATS user (the connect options `user` and `pass`). */
export interface NatsAuth {
  user: string;
  pass: string;
}

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

export interface NatsUser extends NatsAuth {
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
  } = {},
): Promise<LocalNatsServer> {
  const binary = ensureNatsServer(options.log);
  const dir = await mkdtemp(path.join(tmpdir(), "concord-nats-"));
  const config = path.join(dir, "nats.conf");
  // Port -1: the server picks a free port and logs it, so there is no race for ports.
  const admin: NatsAuth | undefined = options.users ? { user: "concord-admin", pass: randomBytes(18).toString("base64url") } : undefined;
  await writeFile(
    config,
    [
      `listen: 127.0.0.1:${options.port ?? -1}`,
      ...(options.maxPayload ? [`max_payload: ${options.maxPayload}`] : []),
      `jetstream { store_dir: ${JSON.stringify(path.join(dir, "store"))} }`,
      "websocket { listen: \"127.0.0.1:-1\", no_tls: true, same_origin: false }",
      ...(admin ? [authorizationBlock(admin, options.users!)] : []),
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
    async stop() {
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

/** nats-server's `authorization` block; values are JSON strings, which its config syntax accepts. */
export function authorizationBlock(admin: NatsAuth, users: readonly NatsUser[]): string {
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

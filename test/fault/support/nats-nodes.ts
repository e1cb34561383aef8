// nats-server processes the fault suite can kill, freeze and restart: one node, or a 3-node
// JetStream cluster on loopback. Each node keeps its port and store across restarts, so a restart
// is the same server coming back, as after a crash.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnReady, type ReadyProcess } from "@concord/orchestrator/devnet/child-process.ts";
import { ensureNatsServer } from "@concord/orchestrator/devnet/ensure-nats-server.ts";
import { authorizationBlock, type NatsPasswordAuth as NatsAuth, type NatsUser } from "@concord/orchestrator/devnet/nats-server.ts";
import { freePort } from "./free-port.ts";
import { reap } from "./reaper.ts";

export interface NatsNode {
  name: string;
  url: string;
  /** Starts the node again on its port and store (after kill). */
  restart(): Promise<void>;
  /** Sends `signal` (SIGKILL, SIGSTOP, SIGCONT) and, for SIGKILL, waits until the process is gone. */
  signal(signal: NodeJS.Signals): Promise<void>;
  /** Resolves when the node logs a line matching `pattern` (from now on). */
  logs(pattern: RegExp): Promise<string>;
}

export interface NatsNodes {
  nodes: NatsNode[];
  /** Every node's URL, for clients that should fail over. */
  urls: string[];
  admin: NatsAuth;
  stop(): Promise<void>;
}

/** Starts `count` nodes (1, or 3 for a JetStream cluster) with the given users and an admin. */
export async function startNatsNodes(options: { count: 1 | 3; admin: NatsAuth; users: NatsUser[] }): Promise<NatsNodes> {
  const binary = ensureNatsServer(() => {});
  const dir = await mkdtemp(path.join(tmpdir(), "concord-fault-nats-"));
  const specs = await Promise.all(
    Array.from({ length: options.count }, async (_, i) => ({ name: `n${i + 1}`, port: await freePort(), clusterPort: await freePort() })),
  );
  const nodes = specs.map((spec) => {
    const config = path.join(dir, `${spec.name}.conf`);
    const routes = specs.filter((s) => s !== spec).map((s) => `nats-route://127.0.0.1:${s.clusterPort}`);
    const text = [
      `server_name: ${spec.name}`,
      `listen: 127.0.0.1:${spec.port}`,
      `jetstream { store_dir: ${JSON.stringify(path.join(dir, spec.name))} }`,
      ...(options.count > 1 ? [`cluster { name: concord-fault, listen: 127.0.0.1:${spec.clusterPort}, routes: ${JSON.stringify(routes)} }`] : []),
      authorizationBlock(options.admin, options.users),
    ].join("\n");
    let current: ReadyProcess | undefined;
    const watchers: { pattern: RegExp; resolve: (line: string) => void }[] = [];
    const start = async () => {
      await writeFile(config, text);
      current = await spawnReady({
        command: binary, args: ["-c", config], label: `nats-server ${spec.name}`, readyPattern: /Server is ready/, timeoutMs: 30_000,
        onLine: (line) => {
          for (const w of watchers.filter((w) => w.pattern.test(line))) {
            watchers.splice(watchers.indexOf(w), 1);
            w.resolve(line);
          }
        },
      });
      reap(current.child);
    };
    const node: NatsNode = {
      name: spec.name,
      url: `nats://127.0.0.1:${spec.port}`,
      restart: start,
      async signal(signal) {
        const child = current?.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const gone = new Promise((resolve) => child.once("exit", resolve));
        child.kill(signal);
        if (signal === "SIGKILL") await gone;
      },
      logs: (pattern) => new Promise((resolve) => watchers.push({ pattern, resolve })),
    };
    return { node, start, stop: () => current?.stop() ?? Promise.resolve() };
  });
  const stop = async () => {
    await Promise.allSettled(nodes.map(async (n) => {
      await n.node.signal("SIGCONT");
      await n.stop();
    }));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // A cluster elects its JetStream metadata leader after the nodes meet: wait for that.
    const leader = options.count > 1 ? Promise.race(nodes.map((n) => n.node.logs(/JetStream cluster new metadata leader|Self is new JetStream cluster metadata leader/))) : undefined;
    await Promise.all(nodes.map((n) => n.start()));
    await leader;
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: nodes.map((n) => n.node), urls: nodes.map((n) => n.node.url), admin: options.admin, stop };
}

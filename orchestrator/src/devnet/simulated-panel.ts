// Starts simulated agents as separate processes, each with its own fresh signing key.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import { ConcordError, type Deployment } from "@concord/agent-sdk/protocol";
import type { NatsAuth } from "./nats-server.ts";
import { AGENT_TARGET, freshEntry } from "../bundles/fresh-bundle.ts";

export interface SimulatedAgentSpec {
  name: string;
  skill: number;
  seed?: string;
  /** Thinks this long before each answer (default: answers at once). */
  delayMs?: number;
}

export interface AgentProcess {
  name: string;
  signer: Address;
  /** The agent's key, held here too so the devnet can register it (the key signs its consent). */
  account: PrivateKeyAccount;
  modelId: string;
  child: ChildProcess;
  /** Resolves when the process exits, however it ends, with how and what it printed last. */
  exited: Promise<AgentExit>;
  /** Ends the process: SIGTERM lets it finish in-flight work, SIGKILL is a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Its last lines of output (stdout and stderr), oldest first. */
  lastLines: string[];
}

/** Output lines an agent process keeps, to say why it exited. */
const KEPT_LINES = 8;

export function spawnSimulatedAgent(
  spec: SimulatedAgentSpec,
  nats: { url: string; auth?: NatsAuth },
  /** The contracts, and the JSON-RPC endpoint the agent checks its tasks' sessions at. */
  { deployment, rpcUrl }: { deployment: Deployment; rpcUrl: string },
  log: (line: string) => void,
  key: Hex = generatePrivateKey(),
): AgentProcess {
  const child = spawn(process.execPath, [freshEntry(AGENT_TARGET)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      CONCORD_AGENT_NAME: spec.name,
      CONCORD_AGENT_KEY: key,
      CONCORD_AGENT_SKILL: String(spec.skill),
      CONCORD_AGENT_SEED: spec.seed ?? spec.name,
      ...(spec.delayMs !== undefined && { CONCORD_AGENT_DELAY_MS: String(spec.delayMs) }),
      CONCORD_NATS_URL: nats.url,
      ...(nats.auth && ("jwt" in nats.auth
        ? { CONCORD_NATS_JWT: nats.auth.jwt, CONCORD_NATS_SEED: nats.auth.seed }
        : { CONCORD_NATS_USER: nats.auth.user, CONCORD_NATS_PASSWORD: nats.auth.pass })),
      CONCORD_CHAIN_ID: String(deployment.chainId),
      CONCORD_SESSIONS_ADDRESS: deployment.contracts.Sessions,
      CONCORD_RPC_URL: rpcUrl,
    },
  });
  const lastLines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      lastLines.push(line);
      if (lastLines.length > KEPT_LINES) lastLines.shift();
      log(`[agent ${spec.name}] ${line}`);
    });
  }
  // "close", not "exit": the process's output has been read to its end by then.
  const exited = new Promise<AgentExit>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, lastLines })));
  const account = privateKeyToAccount(key);
  return {
    name: spec.name,
    signer: account.address,
    account,
    modelId: `simulated-solver@skill=${spec.skill}`,
    child,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/**
 * `ready` (the agents' first heartbeats), unless one of the agents' processes exits first: then a
 * PROCESS_START_FAILED naming it, how it exited and its last lines, instead of waiting out the
 * heartbeat timeout for an agent that is gone.
 */
export function readyUnlessExited<T>(ready: Promise<T>, agents: readonly AgentProcess[]): Promise<T> {
  const exits = agents.map((agent) =>
    agent.exited.then((exit): never => {
      const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
      const said = exit.lastLines.length > 0 ? `; it printed last: ${exit.lastLines.join(" / ")}` : "";
      throw new ConcordError("PROCESS_START_FAILED", `agent ${agent.name} exited (${how}) before it was ready${said}`);
    }),
  );
  // The race settles once; an agent that exits later (stopped with the stack) must not be reported.
  for (const exit of exits) exit.catch(() => {});
  return Promise.race([ready, ...exits]);
}

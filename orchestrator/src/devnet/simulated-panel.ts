// Starts simulated agents as separate processes, each with its own fresh signing key.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import type { Deployment } from "@concord/agent-sdk/protocol";
import type { NatsAuth } from "./nats-server.ts";

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
  /** Ends the process: SIGTERM lets it finish in-flight work, SIGKILL is a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const agentEntry = path.resolve(import.meta.dirname, "../../../sdk/bin/simulated-agent.ts");

export function spawnSimulatedAgent(
  spec: SimulatedAgentSpec,
  nats: { url: string; auth?: NatsAuth },
  deployment: Deployment,
  log: (line: string) => void,
  key: Hex = generatePrivateKey(),
): AgentProcess {
  const child = spawn(process.execPath, [agentEntry], {
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
    },
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => log(`[agent ${spec.name}] ${line}`));
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const account = privateKeyToAccount(key);
  return {
    name: spec.name,
    signer: account.address,
    account,
    modelId: `simulated-solver@skill=${spec.skill}`,
    child,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

// Starts the bench's agents as processes of their own (agent-process.ts), one per agent, as a
// deployed panel would run: their signing and JSON work leaves the orchestrator's event loop.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Hex } from "viem";
import type { Devnet } from "@concord/orchestrator/devnet/local-stack.ts";

const entry = path.resolve(import.meta.dirname, "agent-process.ts");

export interface AgentSlot {
  readonly name: string;
  readonly key: Hex;
  /** The agent's index in its panel, and the panel's size: the floors' subjects name both. */
  readonly index: number;
  readonly panelSize: number;
}

/** Resolves once the process says it is ready; rejects if it exits first. */
export function spawnAgentProcess(devnet: Devnet, slot: AgentSlot): Promise<ChildProcess> {
  const auth = devnet.natsAuthFor(slot.name);
  const admin = devnet.nats.admin;
  if (!auth || !admin) throw new Error("the bench's devnet must have NATS users");
  const child = spawn(process.execPath, [entry], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      BENCH_NATS_URL: devnet.nats.url, BENCH_AGENT_NAME: slot.name, BENCH_AGENT_KEY: slot.key,
      // The devnet's NATS users (JWT and nkey seed), as JSON: secrets stay out of the process list.
      BENCH_AGENT_AUTH: JSON.stringify(auth), BENCH_ADMIN_AUTH: JSON.stringify(admin),
      BENCH_CHAIN_ID: String(devnet.deployment.chainId), BENCH_SESSIONS_ADDRESS: devnet.deployment.contracts.Sessions,
      BENCH_PANEL_SIZE: String(slot.panelSize), BENCH_AGENT_INDEX: String(slot.index),
    },
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.endsWith(" ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`agent ${slot.name} exited with ${code} before it was ready`)));
  });
}

export async function stopAgentProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

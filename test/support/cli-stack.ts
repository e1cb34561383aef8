// A stack as a user starts it from the command line: `concord devnet`, an orchestrator and
// simulated agents, each a separate `concord` process, ready when each says so.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { bytesToHex } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { startConcord, type RunningConcord } from "./concord-cli.ts";

export interface CliStack {
  /** The devnet record the commands find the stack through. */
  record: string;
  stop(): Promise<void>;
}

/** Starts the devnet in `dir` with one simulated agent per name (operator i + 1 registers agent i). */
export async function startCliStack(dir: string, agents: readonly { name: string; skill: number }[]): Promise<CliStack> {
  const record = path.join(dir, "devnet.json");
  const processes: RunningConcord[] = [];
  const stop = async () => {
    // Agents and the orchestrator first, the devnet they talk to last.
    for (const p of processes.slice(1).reverse()) await p.stop();
    await processes[0]?.stop();
  };
  try {
    const devnet = startConcord(["devnet", "--agents", agents.map((a) => a.name).join(","), "--record", record]);
    processes.push(devnet);
    await devnet.waitFor(/^devnet ready/);
    const orchestrator = startConcord(["orchestrator", "--record", record, "--owner", "cli-stack"]);
    processes.push(orchestrator);
    await Promise.all([
      orchestrator.waitFor(/ready: taking jobs/),
      ...agents.map(async ({ name, skill }, i) => {
        const config = path.join(dir, `${name}.json`);
        await writeFile(config, JSON.stringify({ name, provider: { kind: "simulated", skill, seed: `cli-stack/${name}` }, keyEnv: "AGENT_KEY", operatorKeyEnv: "OPERATOR_KEY" }));
        const operatorKey = bytesToHex(devnetAccount(i + 1).getHdKey().privateKey!);
        const agent = startConcord(["agent", "--config", config, "--record", record], { AGENT_KEY: generatePrivateKey(), OPERATOR_KEY: operatorKey });
        processes.push(agent);
        await agent.waitFor(new RegExp(`^agent ${name} ready`));
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { record, stop };
}

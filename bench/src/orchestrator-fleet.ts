// The scale bench's orchestrators: `concord orchestrator` processes started through the real entry
// (orchestrator/src/cli/concord.ts) on the stack's record, each with its own relay key, ready once
// they take jobs, stopped with SIGTERM; stopAll ends whatever still runs.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { Hex } from "viem";
import { pinnedCommand } from "./cpu-pinning.ts";

export type OrchestratorSpec = {
  readonly owner: string;
  readonly privateKey: Hex;
  /** The stack's record (devnet-record.ts): NATS, its admin credentials, the deployment. */
  readonly record: string;
  readonly concurrency: number;
  /** Run pinned to these CPUs (a taskset list, cpu-pinning.ts). */
  readonly cpus?: string;
};

export function orchestratorFleet(entry: string, log: (line: string) => void) {
  const children = new Set<ChildProcess>();

  async function stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }

  return {
    /** Resolves once the process says it takes jobs; rejects if it exits first. */
    start(spec: OrchestratorSpec): Promise<ChildProcess> {
      const [command, args] = pinnedCommand(
        process.execPath,
        [entry, "orchestrator", "--record", spec.record, "--owner", spec.owner, "--concurrency", String(spec.concurrency)],
        spec.cpus,
      );
      const child = spawn(command, args, {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, CONCORD_ORCHESTRATOR_KEY: spec.privateKey },
      });
      children.add(child);
      child.once("exit", () => children.delete(child));
      return new Promise((resolve, reject) => {
        createInterface({ input: child.stdout! }).on("line", (line) => {
          if (line.includes("ready: taking jobs")) resolve(child);
          else if (/failed/.test(line)) log(`${spec.owner}: ${line}`);
        });
        child.once("exit", (code) => reject(new Error(`orchestrator ${spec.owner} exited with ${code} before it was ready`)));
      });
    },
    stop,
    stopAll: () => Promise.allSettled([...children].map(stop)).then(() => undefined),
  };
}

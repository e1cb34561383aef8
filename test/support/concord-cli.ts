// The `concord` command as a user runs it: a child process of orchestrator/src/cli/concord.ts,
// its stdout and stderr read line by line.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

const entry = path.resolve(import.meta.dirname, "../../orchestrator/src/cli/concord.ts");

export interface RunningConcord {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line (printed so far or later) that matches; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Sends `signal` (SIGTERM by default) unless it has exited; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startConcord(args: string[], env: NodeJS.ProcessEnv = {}): RunningConcord {
  const child = spawn(process.execPath, [entry, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const w of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    });
  }
  return {
    child,
    lines,
    waitFor(pattern) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`concord ${args[0]} exited (${child.exitCode}) before printing ${pattern}:\n${lines.join("\n")}`)));
      });
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs a command to its end; `out` is stdout and stderr, line by line as printed. */
export async function runConcord(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  const running = startConcord(args, env);
  // "close" comes after the output streams ended, so every line has been read.
  const code = await new Promise<number | null>((resolve) => running.child.once("close", (c) => resolve(c)));
  await new Promise((resolve) => setImmediate(resolve));
  return { code, out: running.lines.join("\n") };
}

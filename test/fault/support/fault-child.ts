// A child process the fault suite can signal: its printed lines are kept, a line can be awaited,
// and its exit is an event (so "killed" and "stopped" are observed, never slept on).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { reap } from "./reaper.ts";

export interface FaultChild {
  label: string;
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first line (printed so far or later) matching `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Sends a signal; SIGKILL and SIGTERM wait for the exit (a stopped process is continued first for SIGTERM). */
  signal(signal: NodeJS.Signals): Promise<void>;
  alive(): boolean;
}

/** `stdin`: keep the child's standard input open, for configuration it can only be given later. */
export function spawnFaultChild(label: string, args: string[], env: NodeJS.ProcessEnv, echo?: (line: string) => void, stdin = false, cwd?: string): FaultChild {
  const child = spawn(process.execPath, args, { stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"], env, cwd });
  reap(child);
  const lines: string[] = [];
  const watchers: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    echo?.(`[${label}] ${line}`);
    for (const w of watchers.filter((w) => w.pattern.test(line))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve(line);
    }
  };
  createInterface({ input: child.stdout! }).on("line", onLine);
  createInterface({ input: child.stderr! }).on("line", onLine);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    label, child, lines, exited, alive,
    waitFor(pattern) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        watchers.push({ pattern, resolve });
        void exited.then(({ code, signal }) =>
          reject(new Error(`${label} exited (code ${code}, signal ${signal}) before printing ${pattern}\n${lines.slice(-15).join("\n")}`)),
        );
      });
    },
    async signal(signal) {
      if (!alive()) return;
      if (signal === "SIGTERM") child.kill("SIGCONT");
      child.kill(signal);
      if (signal === "SIGKILL" || signal === "SIGTERM") await exited;
    },
  };
}

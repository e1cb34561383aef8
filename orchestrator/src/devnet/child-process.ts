// Starts a child process and waits for the line that says it is ready (never a fixed sleep).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { ConcordError } from "@concord/agent-sdk/protocol";

export interface ReadyProcess {
  child: ChildProcess;
  /** The match of `readyPattern` against the line that announced readiness. */
  ready: RegExpMatchArray;
  /** Every line the process printed so far (bounded), for error reports. */
  output(): string;
  /**
   * Resolves if the process exits without stop() having been called (it crashed, or was killed
   * from outside), with a line saying which process and how it ended.
   */
  died: Promise<string>;
  stop(): Promise<void>;
}

export interface SpawnReadyOptions {
  command: string;
  args: readonly string[];
  /** Seen on stdout or stderr when the process is ready. */
  readyPattern: RegExp;
  /** Extra patterns to collect before resolving (e.g. ports announced before readiness). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  label: string;
  /** A guard so a hung process fails with its output instead of hanging forever. */
  timeoutMs?: number;
  onLine?: (line: string) => void;
}

export function spawnReady(options: SpawnReadyOptions): Promise<ReadyProcess> {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stopping = false;
  const died = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => {
      if (!stopping) resolve(`${options.label} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`);
    });
  });

  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new ConcordError("PROCESS_START_FAILED", `${options.label}: ${message}\n${lines.slice(-20).join("\n")}`, { cause }));
    };
    const timer = setTimeout(() => fail(`not ready after ${options.timeoutMs ?? 60_000} ms`), options.timeoutMs ?? 60_000);
    const onLine = (line: string) => {
      lines.push(line);
      if (lines.length > 500) lines.shift();
      options.onLine?.(line);
      const match = line.match(options.readyPattern);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, ready: match, output: () => lines.join("\n"), died, stop });
      }
    };
    createInterface({ input: child.stdout! }).on("line", onLine);
    createInterface({ input: child.stderr! }).on("line", onLine);
    child.once("error", (error) => fail(`could not start ${options.command}`, error));
    child.once("exit", (code, signal) => fail(`exited (code ${code}, signal ${signal}) before it was ready`));
  });
}

// A long-lived child process spoken to in JSON lines: one request per line on its stdin, one reply
// per line on its stdout, matched by id so requests may overlap. stderr is the agent's log.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { ConcordError } from "../../protocol/errors.ts";

export interface JsonLinesProcessOptions {
  /** Names the process in every error, e.g. `exec agent bob (python3 agent.py)`. */
  label: string;
  /**
   * How a published failure reason names the process (default `label`): no command line, whose
   * arguments may hold a token. Stderr and stdout lines are never in what is published.
   */
  publicLabel?: string;
  command: string;
  args?: readonly string[];
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  /** Variables of the parent's environment the process does not get (e.g. the agent's signing key). */
  withoutEnv?: readonly string[];
  cwd?: string;
  /** Restarts after consecutive exits; a reply in between resets the count (default 3). */
  maxRestarts?: number;
  log: (line: string) => void;
}

export interface JsonLinesProcess {
  /** Resolves with the reply's `result`; rejects on an `error` reply, a timeout or an exit. */
  request(kind: string, context: unknown, deadline: number): Promise<unknown>;
  close(): Promise<void>;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const STDERR_TAIL = 10;

export function jsonLinesProcess(options: JsonLinesProcessOptions): JsonLinesProcess {
  const maxRestarts = options.maxRestarts ?? 3;
  const shown = options.publicLabel ?? options.label;
  const pending = new Map<number, Pending>();
  const stderrTail: string[] = [];
  let child: ChildProcessWithoutNullStreams | undefined;
  let exited: Promise<void> = Promise.resolve();
  let lastExit: ConcordError | undefined;
  let restarts = 0;
  let nextId = 1;
  let closing = false;

  const failAll = (error: Error) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(error);
    }
  };

  const onLine = (line: string) => {
    if (line.trim() === "") return;
    let reply: { id?: unknown; result?: unknown; error?: unknown };
    try {
      reply = JSON.parse(line);
      if (typeof reply !== "object" || reply === null || typeof reply.id !== "number") throw new Error("no numeric id");
    } catch {
      // Which request it meant is unknowable; failing them now beats a silent wait to the deadline.
      const quoted = JSON.stringify(line.slice(0, 200));
      options.log(`${options.label}: not a reply line: ${quoted}`);
      failAll(new ConcordError("PROVIDER_BAD_OUTPUT", `${options.label} wrote a line that is not a JSON reply {"id": n, …} on stdout (stdout is for replies only; log to stderr): ${quoted}`,
        { publicMessage: `${shown} wrote a line that is not a JSON reply on stdout` }));
      return;
    }
    const waiting = pending.get(reply.id as number);
    if (!waiting) {
      options.log(`${options.label}: reply to request ${String(reply.id)}, which is not pending (late or unknown)`);
      return;
    }
    pending.delete(reply.id as number);
    clearTimeout(waiting.timer);
    restarts = 0;
    if (reply.error !== undefined) {
      const message = typeof reply.error === "string" ? reply.error : JSON.stringify(reply.error);
      waiting.reject(new ConcordError("PROVIDER_AGENT_ERROR", `${options.label} answered with an error: ${message.slice(0, 1_000)}`,
        { publicMessage: `${shown} answered with an error: ${message.slice(0, 1_000)}` }));
    } else if (reply.result === undefined) {
      waiting.reject(new ConcordError("PROVIDER_BAD_OUTPUT", `${options.label} replied with neither "result" nor "error": ${JSON.stringify(line.slice(0, 200))}`,
        { publicMessage: `${shown} replied with neither "result" nor "error"` }));
    } else {
      waiting.resolve(reply.result);
    }
  };

  const start = () => {
    const started = spawn(options.command, options.args ?? [], {
      cwd: options.cwd,
      env: childEnv(options.env, options.withoutEnv),
      stdio: ["pipe", "pipe", "pipe"],
    });
    child = started;
    stderrTail.length = 0;
    createInterface({ input: started.stdout }).on("line", onLine);
    createInterface({ input: started.stderr }).on("line", (line) => {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
      options.log(line);
    });
    // A write to a process that just died fails with EPIPE; the exit handler reports it better.
    started.stdin.on("error", () => {});
    exited = new Promise<void>((resolve) => {
      let done = false;
      const finish = (error: ConcordError) => {
        if (done) return;
        done = true;
        if (child === started) child = undefined;
        if (!closing) {
          lastExit = error;
          failAll(error);
        }
        resolve();
      };
      started.on("error", (cause) =>
        finish(new ConcordError("PROCESS_START_FAILED", `${options.label} could not be started: ${cause.message}`, { cause, publicMessage: `${shown} could not be started` })),
      );
      // "close" rather than "exit": by then stderr is drained, so the tail holds the last words.
      started.on("close", (code, signal) => {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = stderrTail.length > 0 ? `; last stderr:\n${stderrTail.map((l) => `  ${l}`).join("\n")}` : " (no stderr)";
        finish(new ConcordError("PROVIDER_PROCESS_EXITED", `${options.label} ${how}${tail}`, { publicMessage: `${shown} ${how}` }));
      });
    });
  };

  const ensureStarted = () => {
    if (child) return;
    if (lastExit) {
      if (restarts >= maxRestarts) {
        throw new ConcordError(lastExit.code, `${lastExit.message.slice(lastExit.code.length + 2)}\n(not restarted: ${restarts} restarts in a row already)`, {
          cause: lastExit,
          publicMessage: `${(lastExit.publicMessage ?? lastExit.message).slice(lastExit.code.length + 2)} (not restarted: ${restarts} restarts in a row already)`,
        });
      }
      restarts++;
      options.log(`${options.label}: restarting (${restarts} of ${maxRestarts})`);
    }
    start();
  };

  return {
    request(kind, context, deadline) {
      if (closing) return Promise.reject(new ConcordError("PROVIDER_PROCESS_EXITED", `${options.label} was closed`, { publicMessage: `${shown} was closed` }));
      try {
        ensureStarted();
      } catch (error) {
        return Promise.reject(error);
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const ms = Math.max(0, deadline - Date.now());
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new ConcordError("PROVIDER_TIMEOUT", `${options.label} did not answer ${kind} request ${id} within ${ms} ms (the task deadline)`,
            { publicMessage: `${shown} did not answer ${kind} request ${id} within ${ms} ms (the task deadline)` }));
        }, ms);
        pending.set(id, { resolve, reject, timer });
        child!.stdin.write(`${JSON.stringify({ id, kind, context })}\n`);
      });
    },
    async close() {
      closing = true;
      failAll(new ConcordError("PROVIDER_PROCESS_EXITED", `${options.label} was closed`, { publicMessage: `${shown} was closed` }));
      const running = child;
      if (!running) return;
      // End of stdin is the polite stop; a process that ignores it is terminated, then killed.
      running.stdin.end();
      const term = setTimeout(() => running.kill("SIGTERM"), 1_000);
      const kill = setTimeout(() => running.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(term);
      clearTimeout(kill);
    },
  };
}

/** The parent's environment without `withoutEnv`, plus `env`. */
function childEnv(env: Record<string, string> | undefined, withoutEnv: readonly string[] | undefined): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of withoutEnv ?? []) delete inherited[name];
  return { ...inherited, ...env };
}

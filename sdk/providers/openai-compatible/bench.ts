// Model-down benching: after K consecutive failed calls a provider stops calling its server for a
// cool-down, so a dead endpoint costs each round one fast failure instead of a full set of retries
// up to the deadline. After the cool-down one probe call is let through; its outcome decides.
import { ConcordError } from "../../protocol/errors.ts";

export interface BenchOptions {
  /** Consecutive failed calls before benching (default 3). */
  threshold?: number;
  /** How long a benched provider fails fast (default 30 s). */
  coolDownMs?: number;
}

export interface ProviderStatus {
  state: "ok" | "benched";
  lastError?: string;
  /** Epoch milliseconds at which a probe call will be allowed. */
  benchedUntil?: number;
}

export interface Bench {
  /** Throws PROVIDER_BENCHED while cooling down, or while another call is the probe. */
  admit(): void;
  succeeded(): void;
  failed(error: unknown): void;
  status(): ProviderStatus;
}

export function createBench(label: string, options: BenchOptions, now: () => number): Bench {
  const threshold = options.threshold ?? 3;
  const coolDownMs = options.coolDownMs ?? 30_000;
  let failures = 0;
  let lastError: string | undefined;
  let benchedUntil: number | undefined;
  let probing = false;

  return {
    admit() {
      if (benchedUntil === undefined) return;
      const wait = benchedUntil - now();
      if (wait <= 0 && !probing) {
        probing = true; // this call is the probe; others keep failing fast until it settles
        return;
      }
      const when = wait > 0 ? `for another ${Math.ceil(wait / 1_000)} s` : "while a probe call is in flight";
      throw new ConcordError("PROVIDER_BENCHED", `${label} is benched ${when} after ${failures} consecutive failures; last error: ${lastError}`);
    },
    succeeded() {
      failures = 0;
      benchedUntil = undefined;
      probing = false;
    },
    failed(error) {
      failures++;
      lastError = error instanceof Error ? error.message : String(error);
      if (probing || failures >= threshold) benchedUntil = now() + coolDownMs;
      probing = false;
    },
    status() {
      if (benchedUntil === undefined) return lastError === undefined || failures === 0 ? { state: "ok" } : { state: "ok", lastError };
      return { state: "benched", lastError, benchedUntil };
    },
  };
}

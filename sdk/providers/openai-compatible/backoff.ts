// When to try a model server again: its own Retry-After when it gives one, else exponential
// backoff with jitter so a panel of agents sharing one server does not retry in lockstep.

export interface BackoffOptions {
  /** First delay, doubled per retry (default 500 ms). */
  baseMs?: number;
  /** Cap on one delay (default 8 s). */
  maxMs?: number;
}

/** Delay before retry number `retry` (0-based): half fixed, half random ("equal jitter"). */
export function backoffMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs ?? 8_000, (options.baseMs ?? 500) * 2 ** retry);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if neither. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1_000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

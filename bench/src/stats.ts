// Order statistics for the benches: one definition of a percentile behind every table they write.

/** The value at percentile `p` of an ascending list: the element at ⌊p/100 · n⌋ (the last one for p = 100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The arithmetic mean; 0 for no values. */
export function meanOf(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

export const sortedOf = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

export type Summary = { readonly n: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly mean: number };

export function summarize(xs: readonly number[]): Summary {
  const s = sortedOf(xs);
  const mean = s.length === 0 ? Number.NaN : s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN, mean };
}

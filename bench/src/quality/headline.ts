// One regime's headline: Concord with adaptive halting against the best baseline given at least
// as many calls per task (⌈C⌉ for Concord's mean C), the best single answer and the co-failure
// ceiling, in a fixed form so docs and scripts can read it:
//   quality <regime>: concord A% at C calls, best equal-cost baseline <name> B%, best single S%, ceiling X%
import { BASELINES, type Baseline, type Column } from "./score.ts";

export interface Headline {
  regime: string;
  concord: number;
  /** Concord's mean model calls per task (adaptive halting). */
  calls: number;
  /** ⌈calls⌉: the budget every baseline got, never fewer calls than Concord. */
  budget: number;
  baseline: Baseline;
  baselineAccuracy: number;
  bestSingle: number;
  ceiling: number;
  /** Concord against that baseline on the same tasks (paired). */
  paired: PairedDifference;
}

/**
 * Two columns scored on the same tasks: the tasks only one of them got right, and the 95 %
 * interval of the difference in accuracy (a − b) from the per-task differences (normal
 * approximation; the tasks both got right or both missed add nothing to the difference).
 */
export interface PairedDifference {
  onlyA: number;
  onlyB: number;
  difference: number;
  low: number;
  high: number;
}

export function pairedDifference(a: readonly boolean[], b: readonly boolean[]): PairedDifference {
  if (a.length !== b.length) throw new Error(`paired columns differ in length: ${a.length} and ${b.length}`);
  const n = a.length;
  const onlyA = a.filter((x, t) => x && !b[t]).length;
  const onlyB = b.filter((x, t) => x && !a[t]).length;
  if (n === 0) return { onlyA, onlyB, difference: 0, low: 0, high: 0 };
  const difference = (onlyA - onlyB) / n;
  // Per-task differences are +1 (onlyA times), −1 (onlyB) or 0; their sample variance over n.
  const variance = n > 1 ? ((onlyA + onlyB) / n - difference ** 2) * (n / (n - 1)) : 0;
  const half = 1.96 * Math.sqrt(variance / n);
  return { onlyA, onlyB, difference, low: difference - half, high: difference + half };
}

/** A difference in accuracy as signed points to a tenth: "+1.5", "−0.5". */
export const signedPoints = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(Math.round(x * 1000) / 10).toFixed(1)}`;

/** "−0.5 points (95 % interval −3.1 to +2.1; 7 tasks only Concord got right, 8 only the baseline)". */
export function formatPaired(p: PairedDifference, a: string, b: string): string {
  const pts = signedPoints;
  return `${pts(p.difference)} points (95% interval ${pts(p.low)} to ${pts(p.high)}; ${p.onlyA} task${p.onlyA === 1 ? "" : "s"} only ${a} got right, ${p.onlyB} only ${b})`;
}

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The budget a baseline gets against Concord's mean calls (a float's noise is not a call). */
export const equalCostBudget = (meanCalls: number) => Math.ceil(meanCalls - 1e-9);

/** Picks the columns; the first baseline in BASELINES order wins a tie. */
export function headlineOf(regime: string, columns: readonly Column[], ceiling: number): Headline {
  const concord = columns.find((c) => c.kind === "concord adaptive");
  if (!concord) throw new Error(`regime ${regime}: no adaptive Concord column`);
  const budget = equalCostBudget(concord.callsPerTask);
  let best: Column | undefined;
  for (const name of BASELINES) {
    const c = columns.find((x) => x.kind === name && x.callsPerTask === budget);
    if (!c) throw new Error(`regime ${regime}: no ${name} column at ${budget} calls per task`);
    if (!best || c.accuracy > best.accuracy) best = c;
  }
  return {
    regime, concord: concord.accuracy, calls: concord.callsPerTask, budget,
    baseline: best!.kind as Baseline, baselineAccuracy: best!.accuracy,
    bestSingle: columns.find((c) => c.kind === "best single")?.accuracy ?? 0, ceiling,
    paired: pairedDifference(concord.hits, best!.hits),
  };
}

export function formatHeadline(h: Headline): string {
  return `quality ${h.regime}: concord ${pct(h.concord)} at ${h.calls.toFixed(1)} calls, ` +
    `best equal-cost baseline ${h.baseline} ${pct(h.baselineAccuracy)}, best single ${pct(h.bestSingle)}, ceiling ${pct(h.ceiling)}`;
}

/** The second goal: A ≥ S + 10 points wherever the ceiling leaves that much room above S. */
export const SINGLE_GAIN_GOAL = 0.1;

/** Exact to a tenth of a point: accuracies are counts over the tasks, their differences float noise. */
const points = (x: number) => Math.round(x * 1000) / 10;

/** One regime against its best single member: whether the goal applies, and whether it is met. */
export function singleGainLine(h: Headline): string {
  const gain = points(h.concord - h.bestSingle);
  const room = points(h.ceiling - h.bestSingle);
  const goal = points(SINGLE_GAIN_GOAL);
  const measured = `concord ${pct(h.concord)} against best single ${pct(h.bestSingle)} (${gain >= 0 ? "+" : ""}${gain.toFixed(1)} points), ceiling ${pct(h.ceiling)}`;
  if (room < goal) return `${h.regime}: ${measured}: the ceiling leaves ${room.toFixed(1)} points above the best single member, less than ${goal}, so the goal does not apply.`;
  if (gain >= goal) return `${h.regime}: ${measured}: met.`;
  return `${h.regime}: ${measured}: **not met**, ${(goal - gain).toFixed(1)} points short` +
    (room - goal < 1 ? `; the ceiling leaves only ${room.toFixed(1)} points, so meeting it takes every task some member's first sample got right.` : ".");
}

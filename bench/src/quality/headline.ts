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

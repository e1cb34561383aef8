// Session budgets: wall clock, tokens and cost. A round is started only when the budget left
// covers the most expensive round seen so far; the first round is always tried (nothing can be
// settled without one), with its phases cut short to the wall-clock budget.
import type { Usage } from "./schemas.ts";

export interface Budget {
  wallClockMs?: number;
  tokens?: number;
  costUsd?: number;
}

export interface Spend {
  elapsedMs: number;
  tokens: number;
  costUsd: number;
}

export const NO_SPEND: Spend = { elapsedMs: 0, tokens: 0, costUsd: 0 };

/** Adds up the usage agents reported (absent usage counts as zero). */
export function usageSpend(usages: readonly (Usage | undefined)[], elapsedMs = 0): Spend {
  return usages.reduce<Spend>(
    (sum, u) => ({
      elapsedMs: sum.elapsedMs,
      tokens: sum.tokens + (u ? u.promptTokens + u.completionTokens : 0),
      costUsd: sum.costUsd + (u?.costUsd ?? 0),
    }),
    { ...NO_SPEND, elapsedMs },
  );
}

export function addSpend(a: Spend, b: Spend): Spend {
  return { elapsedMs: a.elapsedMs + b.elapsedMs, tokens: a.tokens + b.tokens, costUsd: a.costUsd + b.costUsd };
}

/** The next round is predicted to cost as much as the most expensive past round, per dimension. */
export function predictRound(history: readonly Spend[]): Spend {
  return history.reduce(
    (max, s) => ({
      elapsedMs: Math.max(max.elapsedMs, s.elapsedMs),
      tokens: Math.max(max.tokens, s.tokens),
      costUsd: Math.max(max.costUsd, s.costUsd),
    }),
    NO_SPEND,
  );
}

export type BudgetDimension = "wall-clock" | "tokens" | "cost";

/** Which budget a further round of `predicted` cost would overrun, if any. */
export function overrun(budget: Budget, spent: Spend, predicted: Spend): BudgetDimension | undefined {
  if (budget.wallClockMs !== undefined && spent.elapsedMs + predicted.elapsedMs > budget.wallClockMs) return "wall-clock";
  if (budget.tokens !== undefined && spent.tokens + predicted.tokens > budget.tokens) return "tokens";
  if (budget.costUsd !== undefined && spent.costUsd + predicted.costUsd > budget.costUsd) return "cost";
  return undefined;
}

/** A phase's deadline: its own timeout, cut short to what the wall-clock budget has left. */
export function phaseDeadline(now: number, phaseTimeoutMs: number, budget: Budget, spent: Spend): number {
  const left = budget.wallClockMs === undefined ? Infinity : Math.max(0, budget.wallClockMs - spent.elapsedMs);
  return now + Math.min(phaseTimeoutMs, left);
}

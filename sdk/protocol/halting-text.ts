// How the CLI, the live progress and the dApp word a halt: one wording for every surface.
import type { HaltReason, Outcome } from "./halting.ts";

const WHY: Record<HaltReason, string> = {
  unanimous: "every agent holds the winning answer",
  confident: "another round is expected to add less than it costs",
  "max-rounds": "maxRounds reached",
  forced: "the submitter asked to finalise",
  budget: "the next round would overrun the budget",
};

/** `unanimous: every agent holds the winning answer`; a budget halt names the limit. */
export function haltReasonText(reason: HaltReason, overrun?: string): string {
  return `${reason}: ${reason === "budget" && overrun ? `the next round would overrun the ${overrun} limit` : WHY[reason]}`;
}

/** `consensus`, `majority`, `no consensus`, or `tie between "12" and "13" (…)`. */
export function outcomeText(outcome: Partial<Outcome>): string {
  if (outcome.label === "tie") {
    const tied = (outcome.tied ?? []).map((t) => JSON.stringify(t.length > 60 ? `${t.slice(0, 57)}…` : t));
    return `tie between ${tied.length > 1 ? `${tied.slice(0, -1).join(", ")} and ${tied.at(-1)}` : "positions"} (the tie rule picks one, from the proposalsHash of the round)`;
  }
  return outcome.label ?? "unknown";
}

/** `agreement 67% · confidence 0.52 · another round +0.072 against its cost 0.020` */
export function haltingNumbersText(point: { agreement: number; confidence: number; gain: number; cost: number }): string {
  const sign = point.gain >= 0 ? "+" : "−";
  return `agreement ${Math.round(point.agreement * 100)}% · confidence ${point.confidence.toFixed(2)} · ` +
    `another round ${sign}${Math.abs(point.gain).toFixed(3)} against its cost ${point.cost.toFixed(3)}`;
}

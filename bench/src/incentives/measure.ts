// Every case the incentive benchmark measures: for n agents, each scenario and 1 or 2 rounds, the
// best deviation of one agent, of a colluding pair (different operators) and of one operator's
// agents, against honest peers; each kind reported for its most profitable member or group.
import { COALITION_SEARCH, DEFAULT_SEARCH, gainPercent, searchDeviation, type SearchOptions, type SearchResult } from "./search.ts";
import { finalWinner, type PayoutRule } from "./payout-rule.ts";
import { honestDeliberation, SCENARIOS, type ScenarioName, sharedOperator } from "./scenarios.ts";

export type CoalitionKind = "one agent" | "pair" | "operator";
export const COALITION_KINDS: readonly CoalitionKind[] = ["one agent", "pair", "operator"];

export interface IncentiveCase {
  readonly n: number;
  readonly scenario: ScenarioName;
  readonly rounds: number;
  readonly kind: CoalitionKind;
  /** Of the members or groups with a non-zero honest payout, the one whose deviation gains most (%). */
  readonly worst: SearchResult | undefined;
  /** Its gain in % (0 when there is none). */
  readonly gain: number;
  /** Of those paid 0 when honest, the one whose deviation earns most, if any earns anything. */
  readonly fromZero: SearchResult | undefined;
  /** Rule evaluations over all the members or groups searched. */
  readonly evaluations: number;
}

export interface MeasureOptions {
  readonly sizes: readonly number[];
  readonly rounds: readonly number[];
  /** The search for one agent, and for a pair or an operator's agents. */
  readonly single: SearchOptions;
  readonly coalition: SearchOptions;
}

export const DEFAULT_MEASURE: MeasureOptions = { sizes: [3, 4, 5], rounds: [1, 2], single: DEFAULT_SEARCH, coalition: COALITION_SEARCH };

/** Every subset of {0 … n−1} with `size` members, in lexicographic order. */
export function subsets(n: number, size: number): number[][] {
  if (size === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first <= n - size; first++) {
    for (const rest of subsets(n - first - 1, size - 1)) out.push([first, ...rest.map((i) => i + first + 1)]);
  }
  return out;
}

export function measureCase(rule: PayoutRule, n: number, scenario: ScenarioName, rounds: number, kind: CoalitionKind, options = DEFAULT_MEASURE): IncentiveCase {
  const solo = honestDeliberation(scenario, n, rounds);
  let results: SearchResult[];
  if (kind === "one agent") results = subsets(n, 1).map((c) => searchDeviation(rule, solo, c, options.single));
  else if (kind === "pair") results = subsets(n, 2).map((c) => searchDeviation(rule, solo, c, options.coalition));
  else {
    const groups = Array.from({ length: n - 2 }, (_, k) => subsets(n, k + 2)).flat();
    results = groups.map((g) => searchDeviation(rule, honestDeliberation(scenario, n, rounds, sharedOperator(n, g)), g, options.coalition));
  }
  const paid = results.filter((r) => r.honest > 0);
  const worst = paid.reduce<SearchResult | undefined>((w, r) => (!w || gainPercent(r) > gainPercent(w) ? r : w), undefined);
  const unpaid = results.filter((r) => r.honest <= 0 && r.best > r.honest);
  const fromZero = unpaid.reduce<SearchResult | undefined>((w, r) => (!w || r.best > w.best ? r : w), undefined);
  const evaluations = results.reduce((sum, r) => sum + r.evaluations, 0);
  return { n, scenario, rounds, kind, worst, gain: worst ? gainPercent(worst) : 0, fromZero, evaluations };
}

export function measureIncentives(rule: PayoutRule, options = DEFAULT_MEASURE): IncentiveCase[] {
  const cases: IncentiveCase[] = [];
  for (const n of options.sizes) {
    for (const scenario of SCENARIOS) {
      for (const rounds of options.rounds) {
        for (const kind of COALITION_KINDS) cases.push(measureCase(rule, n, scenario, rounds, kind, options));
      }
    }
  }
  return cases;
}

/** Under honest consensus: the winner's payout and the best of the others' (‰ of the net). */
export function consensusPayouts(rule: PayoutRule, n: number): { winner: number; bestOther: number } {
  const honest = honestDeliberation("consensus", n, 1);
  const payouts = rule.payouts(honest);
  const w = finalWinner(honest);
  return { winner: payouts[w]!, bestOther: Math.max(...payouts.filter((_, i) => i !== w)) };
}

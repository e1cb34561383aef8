// A proposed settlement rule (docs/economics.md §6, not yet on chain): median support with a
// constant denominator. Each part answers one of the ways the search broke today's rule (§5):
//
// - Constant denominator. Agent c's payout is (N / n) times the mean, over the rounds, of its
//   round quality q ∈ [0, 1]: nothing is shared pro rata, so lowering a rival never raises anyone
//   else's share. What the qualities leave unallocated goes to the treasury, never back to the
//   agents (shared equally among them, it would pay each agent 1/n of what it takes from a rival).
// - No self-influence. q_c is computed from the votes *for* c by its eligible evaluators only; an
//   agent never votes for itself or its operator's agents, so its own ballots (or its operator's)
//   cannot change its own payout.
// - Shifted level. A level v counts as (v + M) / 2M with M = maxVote, linear over the whole range
//   [−M, M]: no floor at 0 (today's "only a positive score counts" is what made voting a rival
//   down to 0 pay) and no knife-edge.
// - The lower median of c's votes (after Bittensor's Yuma consensus, which clips to the consensus
//   of the others): a colluding partner is one of c's evaluators, and the median ignores one
//   outlier when the others agree, so it cannot lift its friend above the rest of the panel. Of an
//   even count the lower middle value: conservative, and at n = 3 the minimum of the two votes.
// - Rounds weigh equally (1 / R each): a later round, after feedback, weighs no more than an earlier.
// - Ties share: nothing depends on the winner or on the proposal-hash order, so agents the panel
//   rates alike are paid alike; under consensus every proposer holds the final position and all
//   earn the same.
//
// The other aggregates ("clip": the mean of votes each clipped to the lower median of the others',
// Yuma-style; "mid": the mean of the two middle votes; "mean") and the rank-agreement evaluator pool
// (`evaluatorBps`) are the candidates §6 measured and rejected; they stay here so the numbers can be
// reproduced with clippedRule({...}).
import type { Deliberation, PayoutRule } from "./payout-rule.ts";

export const MAX_VOTE = 100;

export interface ClippedOptions {
  /**
   * The evaluator pool in basis points of the net (0, none, in the proposal). Evaluator e earns
   * (E / n) times its rank agreement: the share of pairs (c, d) of its candidates that it orders as
   * the leave-one-out reference does (the mean of the other evaluators' votes for each, e's own
   * ballot excluded), a tie on one side counting ½ and on both 1. Rejected: at these panel sizes the
   * reference is too thin and pays an honest evaluator for ranking against its belief (§6).
   */
  readonly evaluatorBps: number;
  /**
   * How the votes for c make its quality: "median", the lower median of all its eligible votes;
   * "clip", the mean of the votes each clipped to the lower median of the others' (Yuma-style);
   * "mean", the raw mean (for comparison).
   */
  readonly aggregate: "median" | "mid" | "clip" | "mean";
}

export const CLIPPED_DEFAULTS: ClippedOptions = { evaluatorBps: 0, aggregate: "median" };

/** Lower median (of an even count, the lower middle value): one call on chain, conservative. */
function lowerMedian(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor((values.length - 1) / 2)]!;
}

/** e may vote for c: present both, not itself, not an agent of its own operator. */
const eligible = (operators: readonly number[], e: number, c: number) => e !== c && operators[e] !== operators[c];

/**
 * Per round, every agent's quality q_c ∈ [0, 1] and every evaluator's rank agreement a_e ∈ [0, 1]
 * (undefined for an absent agent or an evaluator with fewer than two candidates).
 */
export function roundTerms(deliberation: Deliberation, r: number, aggregate: ClippedOptions["aggregate"] = "median"): { quality: number[]; agreement: (number | undefined)[] } {
  const { n, operators } = deliberation;
  const { entries, votes } = deliberation.rounds[r]!;
  const quality = new Array<number>(n).fill(0);
  for (const c of entries) {
    const evaluators = entries.filter((e) => eligible(operators, e, c));
    if (evaluators.length === 0) continue;
    if (aggregate === "mid") {
      const sorted = evaluators.map((e) => votes[e]![c]!).sort((a, b) => a - b);
      const mid = (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.floor(sorted.length / 2)]!) / 2;
      quality[c] = (mid + MAX_VOTE) / (2 * MAX_VOTE);
      continue;
    }
    if (aggregate === "median") {
      quality[c] = (lowerMedian(evaluators.map((e) => votes[e]![c]!)) + MAX_VOTE) / (2 * MAX_VOTE);
      continue;
    }
    let sum = 0;
    for (const e of evaluators) {
      const v = votes[e]![c]!;
      let counted = v;
      if (aggregate === "clip") {
        const others = evaluators.filter((o) => o !== e && operators[o] !== operators[e]).map((o) => votes[o]![c]!);
        counted = Math.min(v, others.length > 0 ? lowerMedian(others) : 0);
      }
      sum += (counted + MAX_VOTE) / (2 * MAX_VOTE);
    }
    quality[c] = sum / evaluators.length;
  }
  const agreement = new Array<number | undefined>(n).fill(undefined);
  for (const e of entries) {
    const targets = entries.filter((c) => eligible(operators, e, c));
    // The leave-one-out reference level of c: the mean of the votes for c by evaluators other than e.
    const reference = (c: number) => {
      const others = entries.filter((o) => o !== e && eligible(operators, o, c));
      return others.length === 0 ? 0 : others.reduce((s, o) => s + votes[o]![c]!, 0) / others.length;
    };
    let pairs = 0;
    let agreed = 0;
    for (let i = 0; i < targets.length; i++) {
      for (let j = i + 1; j < targets.length; j++) {
        const [c, d] = [targets[i]!, targets[j]!];
        const mine = Math.sign(votes[e]![c]! - votes[e]![d]!);
        const theirs = Math.sign(reference(c) - reference(d));
        pairs += 1;
        agreed += mine === theirs ? 1 : mine === 0 || theirs === 0 ? 0.5 : 0;
      }
    }
    if (pairs > 0) agreement[e] = agreed / pairs;
  }
  return { quality, agreement };
}

/** Every agent's payout in ‰ of the net, and what goes to the treasury (‰). */
export function clippedSettlement(deliberation: Deliberation, options = CLIPPED_DEFAULTS): { payouts: number[]; treasury: number } {
  const { n, rounds } = deliberation;
  const evaluatorPool = (1000 * options.evaluatorBps) / 10_000;
  const supportPool = 1000 - evaluatorPool;
  const payouts = new Array<number>(n).fill(0);
  rounds.forEach((_, r) => {
    const { quality, agreement } = roundTerms(deliberation, r, options.aggregate);
    for (let i = 0; i < n; i++) {
      payouts[i]! += (supportPool / n) * quality[i]! / rounds.length;
      payouts[i]! += (evaluatorPool / n) * (agreement[i] ?? 0) / rounds.length;
    }
  });
  const rounded = payouts.map((p) => Math.floor(p * 1000) / 1000);
  return { payouts: rounded, treasury: 1000 - rounded.reduce((a, b) => a + b, 0) };
}

export function clippedRule(options: Partial<ClippedOptions> = {}, name?: string): PayoutRule {
  const full = { ...CLIPPED_DEFAULTS, ...options };
  return {
    name: name ?? `${full.aggregate} support (evaluator pool ${full.evaluatorBps / 100} %)`,
    payouts: (deliberation) => clippedSettlement(deliberation, full).payouts,
  };
}

/** The proposal of docs/economics.md §6. */
export const proposedRule: PayoutRule = clippedRule({}, "median support, constant denominator (economics.md §6)");

// The DIP settlement rule of docs/economics.md §2, written from the rule's text rather than from
// the contract: the contract tests compare it with Sessions (test/support/dip.ts re-exports it),
// and the incentive search plays against it as `dipRule`.
//
// In every recorded round a present agent's level is the median of the votes its eligible
// evaluators (present, not itself, not of its operator) gave its proposal (of an even count, the
// mean of the two middle votes, rounded down), clamped to [−L, L] and shifted by L, so in [0, 2L];
// L = max(1, ⌊√(credits / (n − 1))⌋). Its quality is the sum of its
// levels; with net = bounty − fee it is paid ⌊net · quality / (n · R · 2L)⌋ after R rounds, and
// what that leaves goes to the treasury.
import { MAX_VOTE_CREDITS } from "@concord/agent-sdk/protocol";
import type { Deliberation, PayoutRule } from "./payout-rule.ts";

export interface DipSplit {
  fee: bigint;
  payouts: bigint[];
  /** What the levels did not earn, with the rounding: net − Σ payouts, to the treasury. */
  unearned: bigint;
}

/** L: what an evaluator gives each of the n − 1 others when it endorses them all fully. */
export function fairVote(credits: number, n: number): number {
  const share = Math.floor(credits / (n - 1));
  let l = Math.floor(Math.sqrt(share));
  while (l * l > share) l -= 1;
  while ((l + 1) * (l + 1) <= share) l += 1;
  return Math.max(1, l);
}

/** The median; of an even count, the mean of the two middle values rounded down (toward −∞). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const k = sorted.length;
  return Math.floor((sorted[Math.floor((k - 1) / 2)]! + sorted[Math.floor(k / 2)]!) / 2);
}

/** Each agent's level in round `r` (0-based), in [0, 2L]; 0 when absent or nobody may rate it. */
export function roundLevels(deliberation: Deliberation, r: number): number[] {
  const { n, operators } = deliberation;
  const l = fairVote(deliberation.credits ?? MAX_VOTE_CREDITS, n);
  const { entries, votes } = deliberation.rounds[r]!;
  const levels = new Array<number>(n).fill(0);
  for (const c of entries) {
    const received = entries.filter((e) => e !== c && operators[e] !== operators[c]).map((e) => votes[e]![c]!);
    if (received.length === 0) continue;
    levels[c] = Math.min(l, Math.max(-l, median(received))) + l;
  }
  return levels;
}

/** Each agent's quality: the sum of its levels over the recorded rounds. */
export function dipQuality(deliberation: Deliberation): bigint[] {
  const quality = new Array<bigint>(deliberation.n).fill(0n);
  deliberation.rounds.forEach((_, r) => roundLevels(deliberation, r).forEach((level, i) => (quality[i]! += BigInt(level))));
  return quality;
}

/**
 * Evaluation weights (docs/economics.md, "Weights"): from an agent's history when the session was
 * created, counting the settled sessions it was present in round 1 of, endorsed when its
 * round-1 level was at least L: p = (endorsed + 5) / (sessions + 10) in 32nds, b = ⌊32p⌋; weight 1
 * for b < 16, else 1 + min(14, round(4 · ln(q / (1 − q)))) at the bucket's midpoint q = (b + ½)/32.
 * Each vote counts its voter's weight times in the round's scores (the winner).
 */
export function evaluationWeight(history: { sessions: number; endorsed: number }): number {
  const bucket = Math.floor((32 * (history.endorsed + 5)) / (history.sessions + 10));
  if (bucket < 16) return 1;
  const q = (bucket + 0.5) / 32;
  return 1 + Math.min(14, Math.round(4 * Math.log(q / (1 - q))));
}

/**
 * Whether each agent was present in round 1: only those gain the settled session in their history
 * (a session an agent never joined says nothing of it; anyone may name any agent in a session).
 */
export function presentInRoundOne(deliberation: Deliberation): boolean[] {
  const present = new Set(deliberation.rounds[0]!.entries);
  return Array.from({ length: deliberation.n }, (_, i) => present.has(i));
}

/** Whether each agent's round-1 answer was endorsed: present in round 1 and level ≥ L. */
export function endorsedInRoundOne(deliberation: Deliberation): boolean[] {
  const l = fairVote(deliberation.credits ?? MAX_VOTE_CREDITS, deliberation.n);
  const levels = roundLevels(deliberation, 0);
  const present = new Set(deliberation.rounds[0]!.entries);
  return levels.map((level, i) => present.has(i) && level >= l);
}

/** The settlement of `bounty` at `feeBps` for these qualities after `rounds` rounds with fair vote `l`. */
export function dipSettlement(bounty: bigint, feeBps: bigint, quality: readonly bigint[], rounds: number, l: number): DipSplit {
  const fee = (bounty * feeBps) / 10_000n;
  const net = bounty - fee;
  const denominator = BigInt(quality.length * rounds * 2 * l);
  const payouts = quality.map((q) => (net * q) / denominator);
  return { fee, payouts, unearned: net - payouts.reduce((a, b) => a + b, 0n) };
}

/** The review's setting: 1 ETH, a 1 % protocol fee; payouts are reported in ‰ of the net. */
export const INCENTIVE_BOUNTY = 10n ** 18n;
export const INCENTIVE_FEE_BPS = 100n;

/** The rule on chain (docs/economics.md §2), in ‰ of the net to 0.001 ‰. */
export const dipRule: PayoutRule = {
  name: "DIP (docs/economics.md §2: median levels, fixed shares)",
  payouts(deliberation) {
    const l = fairVote(deliberation.credits ?? MAX_VOTE_CREDITS, deliberation.n);
    const split = dipSettlement(INCENTIVE_BOUNTY, INCENTIVE_FEE_BPS, dipQuality(deliberation), deliberation.rounds.length, l);
    const net = INCENTIVE_BOUNTY - split.fee;
    return split.payouts.map((p) => Number((p * 1_000_000n) / net) / 1_000);
  },
};

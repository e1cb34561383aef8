// Integer quadratic voting (docs/protocol.md, "Tally"): the one tally every party computes.
import type { Hex } from "viem";
import { MAX_VOTE_CREDITS } from "./limits.ts";
import { roundProposalsHash, sortedProposalOrder } from "./ballot.ts";
import { type Keccak, viemKeccak } from "./keccak.ts";

/** The most vote credits a session may set; a session's own are in its round terms (roundTermsVoteCredits). */
export const VOTE_CREDITS = BigInt(MAX_VOTE_CREDITS);

/** Floor square root of a non-negative bigint (Newton's method). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError(`isqrt of negative ${n}`);
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

/**
 * Turns one evaluator's endorsements (integers in [-100, 100]) into integer QV votes:
 * v_j = sign(w_j)·isqrt(⌊|w_j|·credits / Σ|w_k|⌋). All zero means no opinion: all votes 0.
 * `credits` is the session's `voteCredits` (no default: a ballot spending more than the session
 * set is refused on chain).
 */
export function endorsementsToVotes(endorsements: readonly number[], credits: bigint): number[] {
  const total = endorsements.reduce((sum, w) => sum + BigInt(Math.abs(w)), 0n);
  if (total === 0n) return endorsements.map(() => 0);
  return endorsements.map((w) => {
    const magnitude = isqrt((BigInt(Math.abs(w)) * credits) / total);
    return Number(w < 0 ? -magnitude : magnitude);
  });
}

export function voteCost(votes: readonly number[]): bigint {
  return votes.reduce((sum, v) => sum + BigInt(v) * BigInt(v), 0n);
}

/**
 * Sums each evaluator's votes per proposal, each counted `weights[e]` times (1 when not given; the
 * session's evaluation weights, roundTermsWeight): ballots[e][p] is evaluator e's vote for proposal p.
 */
export function tallyScores(ballots: readonly (readonly number[])[], proposalCount: number, weights?: readonly number[]): number[] {
  const scores = new Array<number>(proposalCount).fill(0);
  ballots.forEach((ballot, e) => ballot.forEach((v, p) => (scores[p]! += v * (weights?.[e] ?? 1))));
  return scores;
}

/**
 * The round winner: the top score; a tie goes to the first tied proposal at or after position
 * s = proposalsHash mod P in hash order, round the end (proposalsHash: roundProposalsHash). A
 * proposer cannot aim: its own hash moves s, which it cannot foresee without every other proposal
 * (under the lower hash alone, it could grind its salt to win every tie). The contract applies the
 * same rule.
 */
export function pickWinner(scores: readonly number[], proposalHashes: readonly Hex[], keccak: Keccak = viemKeccak): number {
  const order = sortedProposalOrder(proposalHashes);
  const start = Number(BigInt(roundProposalsHash(proposalHashes, keccak)) % BigInt(order.length));
  return order[firstTopFrom(order.map((index) => scores[index]!), start)]!;
}

/** The position of the first top score in `scores` at or after `start`, going round the end: the tie rule over entries in hash order. */
export function firstTopFrom(scores: readonly number[], start: number): number {
  let best = start;
  for (let k = 1; k < scores.length; k++) {
    const at = (start + k) % scores.length;
    if (scores[at]! > scores[best]!) best = at;
  }
  return best;
}

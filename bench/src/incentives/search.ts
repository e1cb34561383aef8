// Best-response search: a coalition (one agent, a colluding pair, or one operator's agents) picks
// its ballots in every round to maximise its summed payout under a PayoutRule, every other agent
// casting its honest ballots. The coalition's proposals stay what the scenario says; only its
// votes deviate, and only to ballots the contract accepts (no vote for itself or its operator's
// agents, Σ v² ≤ credits).
import { type Ballot, ballotGrid, randomBallot, rng, withinCredits } from "./ballot-space.ts";
import type { Deliberation, PayoutRule } from "./payout-rule.ts";
import { targetsOf } from "./scenarios.ts";

/** Grid steps are in votes; a grid for k targets is the vote grid ∪ the endorsement grid. */
export interface SearchOptions {
  /** fine[k]: [voteStep, endorsementStep] for one block of k targets, searched exhaustively. */
  readonly fine: readonly (readonly [number, number])[];
  /** coarse[k]: the steps of the joint grid over all the coalition's blocks at once. */
  readonly coarse: readonly (readonly [number, number])[];
  /** The joint grid is enumerated only while it holds at most this many points. */
  readonly jointCap: number;
  /** Random joint ballots drawn (seeded). */
  readonly samples: number;
  readonly seed: number;
  /** Most passes of block-wise ascent. */
  readonly passes: number;
}

/** One agent's search (index k of `fine` and `coarse`: k targets; with 1 target every vote is tried). */
export const DEFAULT_SEARCH: SearchOptions = {
  fine: [[1, 1], [1, 1], [5, 10], [10, 10], [20, 25]],
  coarse: [[1, 1], [1, 1], [20, 25], [50, 50], [50, 50]],
  jointCap: 20_000,
  samples: 2_000,
  seed: 12,
  passes: 3,
};

/** A coalition's search: more ballots at once, so coarser block grids. */
export const COALITION_SEARCH: SearchOptions = {
  ...DEFAULT_SEARCH,
  fine: [[1, 1], [1, 1], [10, 10], [20, 20], [25, 50]],
};

/** One ballot of the coalition's: agent `agent`'s votes in round `round` (0-based) for `targets`. */
export interface BallotChoice {
  readonly agent: number;
  readonly round: number;
  readonly targets: readonly number[];
  readonly votes: Ballot;
}

export interface SearchResult {
  readonly coalition: readonly number[];
  /** The coalition's summed payout (‰ of the net) with honest ballots, and with its best ballots. */
  readonly honest: number;
  readonly best: number;
  /** The best ballots found (the honest ones when nothing beats them). */
  readonly ballots: readonly BallotChoice[];
  readonly evaluations: number;
}

/** Improvements smaller than this (‰) are ties: the rules report to 0.001 ‰. */
const EPSILON = 1e-6;

export function searchDeviation(rule: PayoutRule, honest: Deliberation, coalition: readonly number[], options = DEFAULT_SEARCH): SearchResult {
  // A mutable copy of the ballots; the rule reads it at each call.
  const votes = honest.rounds.map((r) => r.votes.map((b) => b.slice()));
  const deliberation: Deliberation = { ...honest, rounds: honest.rounds.map((r, i) => ({ entries: r.entries, votes: votes[i]! })) };
  const blocks = honest.rounds.flatMap((round, r) =>
    coalition.filter((a) => round.entries.includes(a)).map((agent) => ({
      agent, round: r, targets: targetsOf(honest.operators, agent).filter((c) => round.entries.includes(c)),
    })));
  let evaluations = 0;
  const value = () => {
    evaluations += 1;
    const payouts = rule.payouts(deliberation);
    return coalition.reduce((sum, a) => sum + payouts[a]!, 0);
  };
  const set = (b: number, ballot: Ballot) => {
    const { agent, round, targets } = blocks[b]!;
    targets.forEach((c, k) => (votes[round]![agent]![c] = ballot[k]!));
  };
  const current = (b: number): Ballot => blocks[b]!.targets.map((c) => votes[blocks[b]!.round]![blocks[b]!.agent]![c]!);

  const honestValue = value();
  let best = honestValue;
  let bestBallots = blocks.map((_, b) => current(b));
  const consider = () => {
    const v = value();
    if (v > best + EPSILON) {
      best = v;
      bestBallots = blocks.map((_, b) => current(b));
    }
  };
  const restore = () => bestBallots.forEach((ballot, b) => set(b, ballot));

  // 1. The joint coarse grid, when small enough to enumerate.
  const coarse = blocks.map((b) => ballotGrid(b.targets.length, ...options.coarse[b.targets.length]!));
  if (blocks.length > 0 && coarse.reduce((p, g) => p * g.length, 1) <= options.jointCap) {
    const odometer = (b: number): void => {
      if (b === blocks.length) return consider();
      for (const ballot of coarse[b]!) {
        set(b, ballot);
        odometer(b + 1);
      }
    };
    odometer(0);
    restore();
  }

  // 2. Seeded random joint ballots.
  const random = rng(options.seed);
  for (let s = 0; s < options.samples && blocks.length > 0; s++) {
    blocks.forEach((b, i) => set(i, randomBallot(b.targets.length, random)));
    consider();
  }
  restore();

  // 3. Block-wise ascent: each block in turn over its fine grid, the others held at the best.
  for (let pass = 0; pass < options.passes; pass++) {
    const before = best;
    blocks.forEach((b, i) => {
      for (const ballot of ballotGrid(b.targets.length, ...options.fine[b.targets.length]!)) {
        set(i, ballot);
        consider();
      }
      restore();
    });
    if (best <= before + EPSILON) break;
  }

  // 4. Polish: single votes moved by ±1, 2, 4, 8 and pairs by ±1, while that improves.
  for (let improved = true, rounds = 0; improved && rounds < 200; rounds++) {
    const before = best;
    blocks.forEach((_, i) => {
      for (const move of polishMoves(bestBallots[i]!)) {
        set(i, move);
        consider();
      }
      restore();
    });
    improved = best > before + EPSILON;
  }

  // 5. Tidy the argmax for the reader: votes set to 0, then to a multiple of 10, where the payout holds.
  const holds = () => value() >= best - EPSILON;
  for (const tidy of best > honestValue + EPSILON ? [() => 0, (v: number) => Math.round(v / 10) * 10] : []) {
    blocks.forEach((_, i) => {
      for (let k = 0; k < bestBallots[i]!.length; k++) {
        const ballot = bestBallots[i]!.map((v, j) => (j === k ? tidy(v) : v));
        if (ballot[k] === bestBallots[i]![k] || !withinCredits(ballot)) continue;
        set(i, ballot);
        if (holds()) bestBallots[i] = ballot;
        else restore();
      }
    });
  }
  restore();
  best = value();

  return {
    coalition,
    honest: honestValue,
    best,
    ballots: blocks.map((b, i) => ({ ...b, votes: bestBallots[i]! })),
    evaluations,
  };
}

/** The deliberation with the coalition's ballots replaced by `ballots` (e.g. a search's argmax). */
export function applyBallots(honest: Deliberation, ballots: readonly BallotChoice[]): Deliberation {
  const votes = honest.rounds.map((r) => r.votes.map((b) => b.slice()));
  for (const { agent, round, targets, votes: ballot } of ballots) targets.forEach((c, k) => (votes[round]![agent]![c] = ballot[k]!));
  return { ...honest, rounds: honest.rounds.map((r, i) => ({ entries: r.entries, votes: votes[i]! })) };
}

function polishMoves(ballot: Ballot): Ballot[] {
  const moves: Ballot[] = [];
  const k = ballot.length;
  for (let j = 0; j < k; j++) {
    for (const d of [-8, -4, -2, -1, 1, 2, 4, 8]) moves.push(ballot.map((v, i) => (i === j ? v + d : v)));
    for (let l = j + 1; l < k; l++) {
      for (const [dj, dl] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) {
        moves.push(ballot.map((v, i) => (i === j ? v + dj : i === l ? v + dl : v)));
      }
    }
  }
  return moves.filter(withinCredits);
}

/** (best − honest) / honest in %: Infinity when honest is 0 and best is not; 0 when both are. */
export function gainPercent(result: Pick<SearchResult, "honest" | "best">): number {
  if (result.honest <= 0) return result.best > result.honest + EPSILON ? Infinity : 0;
  return ((result.best - result.honest) / result.honest) * 100;
}

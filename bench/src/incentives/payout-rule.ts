// What a payout rule sees of a deliberation, and the round outcome the contract derives from it
// (RoundMath.outcome): a new settlement rule plugs into the incentive search through PayoutRule.
import { firstTopFrom } from "@concord/agent-sdk/protocol";

/** One recorded round. */
export interface RoundBallots {
  /** The present agents in entry order, i.e. by ascending proposal hash. */
  readonly entries: readonly number[];
  /**
   * Where ties start: of equal top scores, the first at or after this entry position wins, going
   * round the end (on chain: the round's proposalsHash mod P). 0 when the model has no hashes.
   */
  readonly tieStart?: number;
  /**
   * votes[e][c]: agent e's integer QV vote for agent c's proposal (n × n, by agent index). It is 0
   * for itself, for agents of its own operator and for absent agents, and Σ v² ≤ the credits: the
   * contract refuses any other ballot, and the search never builds one.
   */
  readonly votes: readonly (readonly number[])[];
}

export interface Deliberation {
  readonly n: number;
  /** The session's vote credits (Σ v² per ballot); MAX_VOTE_CREDITS when not given. */
  readonly credits?: number;
  /** operators[i]: agent i's operator; agents with the same value share one. */
  readonly operators: readonly number[];
  readonly rounds: readonly RoundBallots[];
}

/** A settlement rule: every agent's payout, in ‰ of the net bounty (after the protocol fee). */
export interface PayoutRule {
  readonly name: string;
  payouts(deliberation: Deliberation): number[];
}

export interface RoundOutcome {
  /** scores[i]: the sum of the votes agent i's proposal received (0 when absent). */
  readonly scores: number[];
  /**
   * The round's winner: the top score; of equal scores the first from entry position tieStart,
   * round the end (the incentive search's rounds carry no hashes: from the first entry).
   */
  readonly winner: number;
}

/** Scores (each vote counted its voter's weight times: `weights`, by agent, default 1) and winner. */
export function roundOutcome(n: number, round: RoundBallots, weights?: readonly number[]): RoundOutcome {
  const scores = new Array<number>(n).fill(0);
  for (const e of round.entries) {
    const ballot = round.votes[e]!;
    for (const c of round.entries) scores[c]! += ballot[c]! * (weights?.[e] ?? 1);
  }
  // Ties go to the first tied entry from position tieStart (the round's proposalsHash mod P, on chain), round the end.
  const winner = round.entries[firstTopFrom(round.entries.map((c) => scores[c]!), round.tieStart ?? 0)]!;
  return { scores, winner };
}

/** The final answer: the last round's winner. */
export function finalWinner(deliberation: Deliberation): number {
  return roundOutcome(deliberation.n, deliberation.rounds.at(-1)!).winner;
}

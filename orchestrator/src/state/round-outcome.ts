// What a completed round leaves behind: what the loop returns, the snapshot stores and the
// reporters read. Kept below the round loop so that storing a round does not import the loop.
import type { Hex } from "viem";
import type { EvaluateResult, ProposeResult, RecordedRound } from "@concord/agent-sdk/protocol";

export interface AbsentAgent {
  agent: string;
  reason: string;
}

export interface RoundOutcome {
  round: number;
  /** Panel-indexed; undefined for an agent absent from the round. */
  proposals: (ProposeResult | undefined)[];
  evaluations: (EvaluateResult | undefined)[];
  /** Per evaluator: the label → author (panel index) mapping it was shown. */
  authorOf: Map<string, number>[];
  /** ballots[e][p]: evaluator e's vote for proposal p (panel order; 0 where either is absent). */
  ballots: number[][];
  /** Panel-indexed, 0 for an absent agent. */
  scores: number[];
  /** Panel indices of the agents that attested the round. */
  present: number[];
  /** The others, and why: a partial round says who was missing. */
  absent: AbsentAgent[];
  winnerIndex: number;
  /**
   * Every proposal the propose phase received, members of the round or not (panel-indexed), in
   * memory only: what restores a proposal the chain's version of the round counts (adopt-chain-round.ts).
   */
  received?: (ProposeResult | undefined)[];
  /** Wall time of the round's phases (its chain record is sent while the next round runs). */
  durationMs: number;
  /**
   * `recorded`: the round as its receipt's event has it, kept in memory only (a resumed round has
   * none): settlement takes the rounds from here instead of reading them back.
   */
  onChain: { scores: bigint[]; winnerIndex: number; txHash: Hex; gasUsed: bigint; recorded?: RecordedRound; withSettlement?: true };
}

/**
 * A round as tallied, its chain record possibly still in the outbox (record-outbox.ts): `onChain`
 * is set once the record lands. The chain recomputes the same scores and winner.
 */
export type TalliedRound = Omit<RoundOutcome, "onChain"> & { onChain?: RoundOutcome["onChain"] };

/** The rounds with every record landed, or an error naming the first that has none. */
export function recordedRounds(rounds: readonly TalliedRound[]): RoundOutcome[] {
  return rounds.map((r) => {
    if (!r.onChain) throw new Error(`round ${r.round} has no chain record yet`);
    return r as RoundOutcome;
  });
}

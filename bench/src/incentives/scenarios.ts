// The reference scenarios: honest endorsements from each agent's beliefs, turned into QV votes by
// the SDK's own endorsementsToVotes over the candidates the agent may vote for (the others, minus
// its own operator's agents), as sdk/agent/build-results.ts does. Every agent attests every round;
// agent i has the i-th lowest proposal hash, so agent 0 wins a tie.
import { endorsementsToVotes, VOTE_CREDITS } from "@concord/agent-sdk/protocol";
import type { Deliberation, RoundBallots } from "./payout-rule.ts";

export type ScenarioName = "consensus" | "split" | "one-wrong";
export const SCENARIOS: readonly ScenarioName[] = ["consensus", "split", "one-wrong"];

/** Endorsements between two positions that disagree but are both defensible (a split). */
export const SPLIT_ENDORSEMENT = -50;
/** A right agent's endorsement of the wrong answer. */
export const WRONG_ENDORSEMENT = -100;

/**
 * endorsement(n, round, e, c): what agent e, believing what it does, endorses agent c's proposal
 * with (round 0 is the first).
 * - consensus: every proposal right and equivalent: +100 for each.
 * - split: the first ⌊n/2⌋ + 1 agents hold position A, the rest B, both defensible; +100 within a
 *   side, −50 across; the split persists in round 2.
 * - one-wrong: the last agent is wrong. Round 1: the right agents +100 each other and −100 it; it
 *   believes its answer and gives them −50. Round 2 (after feedback) it has converged: its new
 *   proposal is right and equivalent, and every endorsement is +100.
 */
export function endorsement(scenario: ScenarioName, n: number, round: number, e: number, c: number): number {
  switch (scenario) {
    case "consensus":
      return 100;
    case "split": {
      const majority = Math.floor(n / 2) + 1;
      return (e < majority) === (c < majority) ? 100 : SPLIT_ENDORSEMENT;
    }
    case "one-wrong": {
      const wrong = n - 1;
      if (round > 0) return 100;
      if (c === wrong) return WRONG_ENDORSEMENT;
      return e === wrong ? SPLIT_ENDORSEMENT : 100;
    }
  }
}

/** The agents e may give a non-zero vote: the others, minus those of its own operator. */
export function targetsOf(operators: readonly number[], e: number): number[] {
  return operators.flatMap((op, c) => (c !== e && op !== operators[e] ? [c] : []));
}

/** Agent e's honest ballot (n votes by agent index) in a round. */
export function honestBallot(scenario: ScenarioName, operators: readonly number[], round: number, e: number): number[] {
  const n = operators.length;
  const targets = targetsOf(operators, e);
  const votes = endorsementsToVotes(targets.map((c) => endorsement(scenario, n, round, e, c)), VOTE_CREDITS);
  const ballot = new Array<number>(n).fill(0);
  targets.forEach((c, k) => (ballot[c] = votes[k]!));
  return ballot;
}

/** The honest deliberation: every agent attests every round with its honest ballot. */
export function honestDeliberation(scenario: ScenarioName, n: number, rounds: number, operators = soloOperators(n)): Deliberation {
  const entries = Array.from({ length: n }, (_, i) => i);
  const roundBallots: RoundBallots[] = Array.from({ length: rounds }, (_, r) => ({
    entries,
    votes: entries.map((e) => honestBallot(scenario, operators, r, e)),
  }));
  return { n, operators, rounds: roundBallots };
}

/** One operator per agent. */
export function soloOperators(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Agents `group` under one operator (numbered n), every other agent its own. */
export function sharedOperator(n: number, group: readonly number[]): number[] {
  return soloOperators(n).map((op) => (group.includes(op) ? n : op));
}

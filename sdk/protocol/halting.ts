// When to stop deliberating, and what to call the result. After each round the orchestrator asks:
// is another round expected to add more accuracy than it costs? Pure functions: the orchestrator
// decides with them, and the CLI, transcript and dApp show the same numbers. The model and its
// parameters are explained in docs/protocol.md ("Halting").

export interface HaltingParams {
  /** Prior accuracy of one agent's answer (its reliability) when nothing better is known. */
  reliability: number;
  /** ρ: correlation between agents' errors; n agreeing agents count as n / (1 + (n − 1)·ρ). */
  correlation: number;
  /** Chance that another round replaces a wrong winning answer with the right one, at full dissent. */
  fixRate: number;
  /** Chance that another round replaces a right winning answer with a wrong one, at full dissent. */
  breakRate: number;
  /** The accuracy a round must be expected to add at effort 0; effort e asks for (1 − e) of it. */
  maxRoundCost: number;
}

export const DEFAULT_HALTING: HaltingParams = { reliability: 0.7, correlation: 0.3, fixRate: 0.5, breakRate: 0.05, maxRoundCost: 0.05 };
export const DEFAULT_EFFORT = 0.6;

/** The accuracy (0–1) a round must be expected to add to be worth running. */
export function roundCost(effort: number, p: HaltingParams = DEFAULT_HALTING): number {
  return p.maxRoundCost * (1 - effort);
}

/**
 * An agent's reliability for halting from its evaluation weight w ∈ [1, 15] (roundTermsWeight):
 * the prior, raised toward 1 by the share of the weight it has earned, (w − 1) / 15. A fresh agent
 * (w = 1) has the prior; the weight says nothing about sessions never endorsed, so it never goes below.
 */
export function reliabilityOfWeight(weight: number, p: HaltingParams = DEFAULT_HALTING): number {
  return p.reliability + (1 - p.reliability) * Math.min(1, Math.max(0, (weight - 1) / 15));
}

/** Solutions are compared trimmed, with spaces collapsed and lower-cased: equal ones are one position. */
export function positionOf(solution: string): string {
  return solution.trim().replace(/\s+/g, " ").toLowerCase();
}

/** A recorded round as halting reads it: the agents present in it, in one order. */
export interface RoundStanding {
  /** Each present agent's solution. */
  solutions: readonly string[];
  /** Each present agent's QV score. */
  scores: readonly number[];
  /** Index (into the lists above) of the round's winner. */
  winner: number;
  /** Each present agent's reliability in (0, 1); the prior for every agent when absent. */
  reliabilities?: readonly number[];
  /**
   * ballots[e][j]: present agent e's QV vote for present agent j's proposal (0: no vote, and
   * always 0 for its own). Absent: the round's evaluations are not read, only who holds what.
   */
  ballots?: readonly (readonly number[])[];
}

export interface Position {
  /** The first holder's solution, verbatim. */
  solution: string;
  /** Indices of the agents that hold it. */
  holders: number[];
  /** The best QV score among its holders. */
  score: number;
}

/** Positions in the order first held. */
export function positions(standing: Pick<RoundStanding, "solutions" | "scores">): Position[] {
  const byKey = new Map<string, Position>();
  standing.solutions.forEach((solution, i) => {
    const key = positionOf(solution);
    const position = byKey.get(key) ?? { solution, holders: [], score: -Infinity };
    position.holders.push(i);
    position.score = Math.max(position.score, standing.scores[i] ?? 0);
    byKey.set(key, position);
  });
  return [...byKey.values()];
}

const logOdds = (p: number) => Math.log(Math.min(Math.max(p, 1e-6), 1 - 1e-6) / (1 - Math.min(Math.max(p, 1e-6), 1 - 1e-6)));

/**
 * The chance that the winner's position is right: a Bayesian vote over the positions held, against
 * the alternative that no agent holds the right answer (support 0). Every opinion of the round is a
 * voter counting with the log-odds of its author's reliability (the optimal weight for independent
 * voters), discounted for correlated errors: holding a position is a vote for it, and an
 * evaluator's vote on a proposal is a check of that proposal's position, for it when positive,
 * against it when negative. An agent no better than chance adds nothing.
 */
export function confidence(standing: RoundStanding, p: HaltingParams = DEFAULT_HALTING): number {
  const held = positions(standing);
  const n = standing.solutions.length;
  const discount = 1 / (1 + (n - 1) * p.correlation);
  const weight = (i: number) => Math.max(0, logOdds(standing.reliabilities?.[i] ?? p.reliability)) * discount;
  const support = held.map((position) => position.holders.reduce((sum, j) => sum + weight(j) + checks(standing, j, weight), 0));
  const top = Math.max(0, ...support);
  const total = Math.exp(-top) + support.reduce((sum, s) => sum + Math.exp(s - top), 0);
  const winning = held.findIndex((position) => position.holders.includes(standing.winner));
  return Math.exp(support[winning]! - top) / total;
}

/** What the round's evaluators said of proposal j: each vote's sign times its evaluator's weight. */
function checks(standing: RoundStanding, j: number, weight: (e: number) => number): number {
  return (standing.ballots ?? []).reduce((sum, ballot, e) => sum + (e === j ? 0 : Math.sign(ballot[j] ?? 0) * weight(e)), 0);
}

/** Share of the present agents holding the winner's position. */
export function agreement(standing: Pick<RoundStanding, "solutions" | "winner">): number {
  const winning = positionOf(standing.solutions[standing.winner]!);
  return standing.solutions.filter((s) => positionOf(s) === winning).length / Math.max(1, standing.solutions.length);
}

/**
 * Share of the present agents that the round's feedback asks to reconsider, so that can move the
 * answer in another round: those holding another position than the winner's, and those holding it
 * whose proposal the panel scored below zero (a unanimous answer its own checks reject is not settled).
 */
export function movable(standing: Pick<RoundStanding, "solutions" | "scores" | "winner">): number {
  const winning = positionOf(standing.solutions[standing.winner]!);
  const moving = standing.solutions.filter((s, i) => positionOf(s) !== winning || (standing.scores[i] ?? 0) < 0).length;
  return moving / Math.max(1, standing.solutions.length);
}

/**
 * What another round is expected to add to accuracy: only agents asked to reconsider can move the
 * answer, and a move fixes a wrong winner or breaks a right one: movable·((1 − c)·fix − c·break).
 */
export function expectedGain(standing: RoundStanding, p: HaltingParams = DEFAULT_HALTING): number {
  return gainAt(movable(standing), confidence(standing, p), p);
}

function gainAt(m: number, c: number, p: HaltingParams): number {
  // Nobody can move the answer: no gain (0, not the −0 of 0 times a negative).
  if (m === 0) return 0;
  return m * ((1 - c) * p.fixRate - c * p.breakRate);
}

/** The rule that stopped deliberation. */
export type HaltReason = "unanimous" | "confident" | "max-rounds" | "forced" | "budget";
export const HALT_REASONS = ["unanimous", "confident", "max-rounds", "forced", "budget"] as const satisfies readonly HaltReason[];

export interface HaltingState {
  round: number;
  /** Share of the present agents holding the winner's position after `round`. */
  agreement: number;
  /** Chance that the winner's position is right (see `confidence`). */
  confidence: number;
  /** What another round is expected to add to accuracy. */
  gain: number;
  /** What a round must add to be worth running (`roundCost(effort)`). */
  cost: number;
  /** Set once deliberation should stop after this round. */
  stop?: HaltReason;
}

export interface HaltingConfig {
  minRounds: number;
  maxRounds: number;
  effort: number;
  params?: HaltingParams;
}

export function initialHalting(config: HaltingConfig): HaltingState {
  return { round: 0, agreement: 0, confidence: 0, gain: 0, cost: roundCost(config.effort, config.params) };
}

/**
 * Folds one round (its present agents) into the halting state and says whether to stop after it.
 * The first rule that holds names the stop; `max-rounds` only when no rule about the answers did.
 */
export function nextHalting(state: HaltingState, config: HaltingConfig, standing: RoundStanding): HaltingState {
  const p = config.params ?? DEFAULT_HALTING;
  const round = state.round + 1;
  const a = agreement(standing);
  const c = confidence(standing, p);
  const m = movable(standing);
  const next: HaltingState = { round, agreement: a, confidence: c, gain: gainAt(m, c, p), cost: state.cost };
  const stop = round < config.minRounds ? undefined
    : m === 0 ? "unanimous"
    : next.gain <= next.cost ? "confident"
    : round >= config.maxRounds ? "max-rounds"
    : undefined;
  return stop ? { ...next, stop } : next;
}

/** How a deliberation ended, from its last round. */
export type OutcomeLabel = "consensus" | "majority" | "tie" | "no consensus";
export const OUTCOME_LABELS = ["consensus", "majority", "tie", "no consensus"] as const satisfies readonly OutcomeLabel[];

export interface Outcome {
  label: OutcomeLabel;
  /** For a tie: every position sharing the top score (each as its first holder's solution). */
  tied: string[];
}

/**
 * consensus: every present agent holds the winner's position; tie: different positions share
 * the top score; majority: more than half hold the winner's position; otherwise no consensus.
 */
export function outcomeOf(standing: Pick<RoundStanding, "solutions" | "scores" | "winner">): Outcome {
  const held = positions(standing);
  const top = Math.max(...held.map((position) => position.score));
  const leaders = held.filter((position) => position.score === top);
  if (leaders.length > 1) return { label: "tie", tied: leaders.map((position) => position.solution) };
  const share = agreement(standing);
  return { label: share === 1 ? "consensus" : share > 0.5 ? "majority" : "no consensus", tied: [] };
}

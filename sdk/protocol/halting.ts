// When to stop deliberating (DESIGN.md §2.4): conviction per round, evidence accumulated along the
// Efficiency-Fatigue curve, and a stop once the evidence reaches `effort` of what rounds can give.
// Pure functions: the orchestrator decides with them and the dApp draws the same curve.

export interface HaltingParams {
  /** Accuracy of a single unreviewed answer (U at t = 0). */
  pGuess: number;
  /** Accuracy ceiling of a fully verified answer. */
  pVerified: number;
  /** How fast review closes the gap between the two. */
  lambda: number;
  /** Fatigue: the cost per round squared (time, tokens, drift). */
  beta: number;
}

/** Calibrated for the default panel; see docs/protocol.md ("Halting") for how they were chosen. */
export const DEFAULT_HALTING: HaltingParams = { pGuess: 0.5, pVerified: 0.95, lambda: 1.0, beta: 0.0005 };
export const DEFAULT_EFFORT = 0.6;
/** Below this final conviction a result is reported as "no consensus". */
export const CONSENSUS_THRESHOLD = 0.5;

/** U(t) = 1 − (1 − p_g)·e^{−Λ(p_v − p_g)t} − βt². */
export function efficiencyFatigue(t: number, p: HaltingParams = DEFAULT_HALTING): number {
  return 1 - (1 - p.pGuess) * Math.exp(-p.lambda * (p.pVerified - p.pGuess) * t) - p.beta * t * t;
}

/** u'(r) = U(r) − U(r − 1): what round r is expected to add. Negative once fatigue wins. */
export function marginalUtility(round: number, p: HaltingParams = DEFAULT_HALTING): number {
  return efficiencyFatigue(round, p) - efficiencyFatigue(round - 1, p);
}

/** B: everything rounds can add, Σ u'(r) over the rounds before fatigue wins (capped at `limit`). */
export function evidenceBudget(p: HaltingParams = DEFAULT_HALTING, limit = 1_000): number {
  let total = 0;
  for (let r = 1; r <= limit && marginalUtility(r, p) > 0; r++) total += marginalUtility(r, p);
  return total;
}

function normalise(solution: string): string {
  return solution.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Conviction w = support of the winning position / Σ|score|. Proposals whose solutions are the same
 * (after trimming, collapsing spaces and lower-casing) are one position, so a unanimous panel has
 * conviction 1 rather than 1/N. 0 when nobody scored anything.
 */
export function conviction(scores: readonly number[], solutions: readonly string[], winner: number): number {
  const total = scores.reduce((sum, s) => sum + Math.abs(s), 0);
  if (total === 0) return 0;
  const position = normalise(solutions[winner]!);
  const support = scores.reduce((sum, s, i) => (normalise(solutions[i]!) === position ? sum + s : sum), 0);
  return support / total;
}

/**
 * A tie is two different positions sharing the top score (equal solutions at the top agree, so
 * they are no tie). Reported as a tie, never as consensus.
 */
export function isPositionTie(scores: readonly number[], solutions: readonly string[]): boolean {
  const top = Math.max(...scores);
  const leaders = new Set(scores.flatMap((s, i) => (s === top ? [normalise(solutions[i]!)] : [])));
  return leaders.size > 1;
}

export type HaltReason = "evidence" | "fatigue" | "max-rounds" | "forced" | "budget";

export interface HaltingState {
  round: number;
  evidence: number;
  /** effort · B: the evidence at which deliberation stops. */
  threshold: number;
  conviction: number;
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
  return { round: 0, evidence: 0, threshold: config.effort * evidenceBudget(config.params), conviction: 0 };
}

/** Folds one round's conviction into the evidence and says whether to stop after it. */
export function nextHalting(state: HaltingState, config: HaltingConfig, roundConviction: number): HaltingState {
  const p = config.params ?? DEFAULT_HALTING;
  const round = state.round + 1;
  const evidence = state.evidence + Math.max(roundConviction, 0) * Math.max(marginalUtility(round, p), 0);
  const next: HaltingState = { round, evidence, threshold: state.threshold, conviction: roundConviction };
  if (round >= config.maxRounds) return { ...next, stop: "max-rounds" };
  if (round < config.minRounds) return next;
  if (evidence >= state.threshold) return { ...next, stop: "evidence" };
  if (marginalUtility(round + 1, p) <= 0) return { ...next, stop: "fatigue" };
  return next;
}

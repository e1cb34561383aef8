// One regime of `concord-bench quality` end to end: Concord on the real protocol (forced to R
// rounds, then with adaptive halting, each on a fresh devnet, every session naming its task's
// family), then the baselines' samples, asked once for the largest budget,
// then the scores at every budget: 2·n·k calls per task for k = 1..R and ⌈C⌉ for adaptive
// Concord's mean calls C.
import type { AgentDefinition } from "@concord/agent-sdk/agent";
import { ConcordError, DEFAULT_EFFORT } from "@concord/agent-sdk/protocol";
import { equalCostBudget, headlineOf, type Headline } from "./headline.ts";
import { runConcord } from "./run-concord.ts";
import { askSamples, pool } from "./run-baselines.ts";
import {
  answerBound, bestMember, coFailureCeiling, flipsPerRound, haltingBound, isCorrect, scoreColumns, spread, type Column, type Flips, type HaltingBound, type TaskRecord,
} from "./score.ts";
import type { TaskSet } from "./task-set.ts";
import { roundOneBound, type RoundOneBound } from "./round-one-bound.ts";
import { familyGroups } from "./weighted-history.ts";

export interface RegimeOptions {
  /** The regime's name: a preset's, `custom`, or the set's name for endpoints and task files. */
  regime: string;
  set: TaskSet;
  panel: readonly AgentDefinition[];
  /** What each member is, for the report (e.g. "simulated, skill 0.9" or a model at an endpoint). */
  describe: readonly string[];
  /** How the panel was built, one line each (model parameters and why they are plausible). */
  notes: readonly string[];
  /** A simulated panel drawn with other seeds (the round-one bound learns from it); absent for real models. */
  reseeded?(k: number): readonly AgentDefinition[];
  rounds: number;
  concurrency: number;
  phaseTimeoutMs: number;
  /** Agents ask their models even on a unanimous round (runAgent's askModelWhenUnanimous). */
  askModelWhenUnanimous?: boolean;
  log(line: string): void;
}

export interface RegimeReport {
  regime: string;
  set: string;
  tasks: number;
  rounds: number;
  panel: { name: string; what: string; firstAccuracy: number }[];
  notes: string[];
  best: string;
  /** Calls per task the baselines were scored at, ascending. */
  budgets: number[];
  columns: Column[];
  flips: Flips[];
  /** How many tasks adaptive Concord stopped after 1, 2, … R rounds (index r − 1). */
  adaptiveRounds: number[];
  coFailureCeiling: number;
  /** The best any halting rule could do on the forced sessions (stopping each at its first right winner). */
  haltingBound: HaltingBound;
  /**
   * The best any rule for the winner and for halting could do on the forced sessions' proposals
   * (picking a right one whenever one was made); firstRound: after round 1, whatever the tally.
   */
  answerBound: HaltingBound & { firstRound: number };
  /**
   * The weights Concord's agents had grown to on chain after the forced pass (whose round 1 the
   * report's round-1 figures are), per task family ("" for none); each started at 1.
   */
  learnedWeights?: Record<string, number[]>;
  /** Simulated panels only: the best rule for round 1's winner (round-one-bound.ts). */
  roundOneBound?: RoundOneBound;
  headline: Headline;
  failedSessions: number;
  /** Baseline calls that failed (spent, no answer). */
  failedSamples: number;
  elapsedMs: number;
}

export interface QualityReport {
  rounds: number;
  regimes: RegimeReport[];
  elapsedMs: number;
  machine: string;
}

export async function runRegime(options: RegimeOptions): Promise<RegimeReport> {
  const started = performance.now();
  const { set, panel, rounds, log } = options;
  const members = panel.length;
  const timeoutMs = options.phaseTimeoutMs;
  // Before any session: a panel the baselines cannot ask would waste the whole Concord run.
  const unable = panel.filter((a) => !a.solve).map((a) => a.name);
  if (unable.length > 0) throw new ConcordError("CONFIG_INVALID", `the baselines need a plain solve, which ${unable.join(", ")} cannot answer`);

  // Each session names its task's family, so Concord's weights are learned per family on chain;
  // weighted-history learns its weights over the same groups (none: one history over all tasks).
  const groups = set.tasks.some((t) => t.family !== undefined) ? familyGroups(set.tasks) : undefined;
  log(`${options.regime}: concord on ${set.tasks.length} tasks${groups ? ` of ${groups.length} task families` : ""}, forced to ${rounds} rounds, then adaptive (1-${rounds})`);
  const [fixedPass, adaptivePass] = await runConcord({
    tasks: set.tasks, panel, concurrency: options.concurrency, phaseTimeoutMs: timeoutMs, log,
    askModelWhenUnanimous: options.askModelWhenUnanimous,
    plans: [{ minRounds: rounds, maxRounds: rounds, effort: 1 }, { minRounds: 1, maxRounds: rounds, effort: DEFAULT_EFFORT }],
  });
  const [fixed, adaptive] = [fixedPass!.records, adaptivePass!.records];

  // Every budget is a prefix of the largest one's samples (adaptive Concord never makes more calls
  // than Concord at R rounds, so ⌈C⌉ is no larger).
  const largest = 2 * members * rounds;
  log(`${options.regime}: baselines, ${largest} samples per task spread over the panel`);
  const perMember = spread(largest, members);
  const spreadRuns = await pool(set.tasks, options.concurrency * 4, (task) =>
    askSamples(panel, task, perMember.map((n, member) => ({ member, samples: range(n) })), timeoutMs));
  const firstCorrect = set.tasks.map((task, t) => spreadRuns[t]!.samples.map((s) => s[0] !== undefined && isCorrect(s[0].solution, task.answer)));
  const best = bestMember(firstCorrect, members);
  log(`${options.regime}: baselines, ${largest} samples per task from the best member, ${panel[best]!.name}`);
  const consistencyRuns = await pool(set.tasks, options.concurrency * 4, (task) =>
    askSamples(panel, task, [{ member: best, samples: range(largest) }], timeoutMs));

  const records: TaskRecord[] = set.tasks.map((task, t) => ({
    id: task.id, reference: task.answer, rounds: fixed![t]!, adaptive: adaptive![t]!,
    panel: spreadRuns[t]!.samples, consistency: consistencyRuns[t]!.samples[0]!,
  }));
  const adaptiveCalls = records.reduce((sum, r) => sum + r.adaptive.reduce((s, round) => s + round.calls, 0), 0) / Math.max(1, records.length);
  const budgets = [...new Set([...range(rounds).map((k) => 2 * members * (k + 1)), Math.max(1, Math.min(largest, equalCostBudget(adaptiveCalls)))])].sort((a, b) => a - b);
  const columns = scoreColumns(records, rounds, budgets, groups);
  const ceiling = coFailureCeiling(firstCorrect);
  let bound: RoundOneBound | undefined;
  if (options.reseeded) {
    log(`${options.regime}: the best rule for round 1's winner, learned on ${ROUND_ONE_SEEDS} other seeds of the panel`);
    bound = await roundOneBound(panel, options.reseeded, set.tasks, ROUND_ONE_SEEDS, fixedPass!.weights);
  }
  const correctByRound = records.map((r) => r.rounds.map((round) => isCorrect(round.winner, r.reference)));
  return {
    regime: options.regime,
    set: set.name,
    tasks: set.tasks.length,
    rounds,
    panel: panel.map((agent, m) => ({
      name: agent.name, what: options.describe[m] ?? agent.modelId,
      firstAccuracy: firstCorrect.filter((t) => t[m]).length / Math.max(1, set.tasks.length),
    })),
    notes: [...options.notes, ...(groups && groups.length > 1 ? [
      `Weights by family: every session named its task's family (${groups.length} families), so the agents' on-chain weights were learned per family, and weighted-history learned its weights per family too.`,
    ] : [])],
    best: panel[best]!.name,
    budgets,
    columns,
    flips: flipsPerRound(correctByRound),
    adaptiveRounds: range(rounds).map((r) => records.filter((t) => t.adaptive.length === r + 1).length),
    coFailureCeiling: ceiling,
    haltingBound: haltingBound(correctByRound, records.map((r) => r.rounds.map((round) => round.calls))),
    answerBound: answerBound(records.map((r) => r.rounds), records.map((r) => r.reference)),
    ...(bound ? { roundOneBound: bound } : {}),
    learnedWeights: fixedPass!.weights,
    headline: headlineOf(options.regime, columns, ceiling),
    failedSessions: records.filter((r) => r.rounds.length < rounds).length + records.filter((r) => r.adaptive.length === 0).length,
    failedSamples: records.flatMap((r) => [...r.panel.flat(), ...r.consistency]).filter((s) => s.solution === "").length,
    elapsedMs: performance.now() - started,
  };
}

/** Other seeds the round-one bound learns from: 100 × the set's tasks (20 000 for the shipped sets). */
const ROUND_ONE_SEEDS = 100;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// `concord-bench quality` end to end: Concord on the real protocol first (its calls per task set
// the budget), then the baselines at that same number of calls, then the scores.
import { machineLine } from "../machine.ts";
import type { AgentDefinition } from "@concord/agent-sdk/agent";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { runConcord } from "./run-concord.ts";
import { askSamples, pool } from "./run-baselines.ts";
import {
  bestMember, coFailureCeiling, flipsPerRound, isCorrect, scoreColumns, spread, type Column, type Flips, type TaskRecord,
} from "./score.ts";
import type { TaskSet } from "./task-set.ts";

export interface QualityOptions {
  set: TaskSet;
  panel: readonly AgentDefinition[];
  /** What each member is, for the report (e.g. "simulated, skill 0.9" or a model at an endpoint). */
  describe: readonly string[];
  rounds: number;
  concurrency: number;
  phaseTimeoutMs: number;
  log(line: string): void;
}

export interface QualityReport {
  set: string;
  tasks: number;
  rounds: number;
  panel: { name: string; what: string; firstAccuracy: number }[];
  best: string;
  /** Model calls per task for every column but best single: what Concord at `rounds` makes. */
  budget: number;
  columns: Column[];
  flips: Flips[];
  coFailureCeiling: number;
  failedSessions: number;
  /** Baseline calls that failed (spent, no answer). */
  failedSamples: number;
  elapsedMs: number;
  machine: string;
}

export async function runQuality(options: QualityOptions): Promise<QualityReport> {
  const started = performance.now();
  const { set, panel, rounds, log } = options;
  const members = panel.length;
  const budget = 2 * members * rounds;
  const timeoutMs = options.phaseTimeoutMs;
  // Before any session: a panel the baselines cannot ask would waste the whole Concord run.
  const unable = panel.filter((a) => !a.solve).map((a) => a.name);
  if (unable.length > 0) throw new ConcordError("CONFIG_INVALID", `the baselines need a plain solve, which ${unable.join(", ")} cannot answer`);

  log(`concord: ${set.tasks.length} sessions of ${rounds} rounds, ${members} agents, ${options.concurrency} at a time`);
  const concord = await runConcord({ tasks: set.tasks, panel, rounds, concurrency: options.concurrency, phaseTimeoutMs: timeoutMs, log });

  log(`baselines: ${budget} calls per task spread over the panel`);
  const perMember = spread(budget, members);
  const spreadRuns = await pool(set.tasks, options.concurrency * 4, (task) =>
    askSamples(panel, task, perMember.map((n, member) => ({ member, samples: range(n) })), timeoutMs));
  const firstCorrect = set.tasks.map((task, t) => spreadRuns[t]!.samples.map((s) => s[0] !== undefined && isCorrect(s[0].solution, task.answer)));
  const best = bestMember(firstCorrect, members);
  log(`baselines: ${budget} samples per task from the best member, ${panel[best]!.name}`);
  const consistencyRuns = await pool(set.tasks, options.concurrency * 4, (task) =>
    askSamples(panel, task, [{ member: best, samples: range(budget) }], timeoutMs));

  const records: TaskRecord[] = set.tasks.map((task, t) => ({
    id: task.id,
    reference: task.answer,
    rounds: concord[t]!,
    panel: spreadRuns[t]!.samples,
    panelMs: spreadRuns[t]!.ms,
    consistency: consistencyRuns[t]!.samples[0]!,
    consistencyMs: consistencyRuns[t]!.ms,
  }));
  const correctByRound = records.map((r) => r.rounds.map((round) => isCorrect(round.winner, r.reference)));
  return {
    set: set.name,
    tasks: set.tasks.length,
    rounds,
    panel: panel.map((agent, m) => ({
      name: agent.name, what: options.describe[m] ?? agent.modelId,
      firstAccuracy: firstCorrect.filter((t) => t[m]).length / Math.max(1, set.tasks.length),
    })),
    best: panel[best]!.name,
    budget,
    columns: scoreColumns(records, rounds),
    flips: flipsPerRound(correctByRound),
    coFailureCeiling: coFailureCeiling(firstCorrect),
    failedSessions: concord.filter((r) => r.length < rounds).length,
    failedSamples: records.flatMap((r) => [...r.panel.flat(), ...r.consistency]).filter((s) => s.solution === "").length,
    elapsedMs: performance.now() - started,
    machine: machineLine(),
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// The quality benchmark's arithmetic, pure: accuracy per column at every budget, flips between
// rounds, the co-failure ceiling and the Pareto front. The runner collects raw answers; this
// scores them (answer matching and votes: vote.ts; the history-weighted vote: weighted-history.ts).
import { isCorrect, vote } from "./vote.ts";
import { groupedHistoryWeights, historyWeights } from "./weighted-history.ts";

export { isCorrect, normaliseAnswer, vote } from "./vote.ts";

/** One model call's answer with what it cost. */
export interface Sample {
  solution: string;
  confidence: number;
  tokens: number;
  ms: number;
}

/** One Concord round of one task: the winner's solution after it, and what the round cost. */
export interface RoundRecord {
  winner: string;
  /** Every proposal's solution in the round (the winner's among them). */
  proposed: string[];
  calls: number;
  tokens: number;
  ms: number;
}

export interface TaskRecord {
  id: string;
  reference: string;
  /** Concord forced to the maximum round count: the winner after round r is Concord at r rounds. */
  rounds: RoundRecord[];
  /** Concord with adaptive halting (1 to the maximum rounds, the orchestrator's rule decides). */
  adaptive: RoundRecord[];
  /**
   * panel[member][k]: each member's samples, enough for the largest budget; a budget's samples
   * are prefixes (spread over the members), so every budget is scored from one set of answers.
   */
  panel: Sample[][];
  /** Samples of the best member (self-consistency; the first is the best single answer). */
  consistency: Sample[];
}

/** The baselines that vote over samples, by their names in the headline (no spaces). */
export const BASELINES = ["self-consistency", "majority", "confidence-weighted", "weighted-history"] as const;
export type Baseline = (typeof BASELINES)[number];

export type ColumnKind = "best single" | Baseline | "concord" | "concord adaptive";

export interface Column {
  name: string;
  kind: ColumnKind;
  correct: number;
  total: number;
  accuracy: number;
  /** Task by task, in the set's order: whether this column's answer was right (for paired comparisons). */
  hits: boolean[];
  calls: number;
  /** Model calls per task: the budget of a baseline, the mean of Concord's (adaptive: varies). */
  callsPerTask: number;
  tokens: number;
  /** Summed over tasks: each task's samples are asked at once, so a task costs its slowest sample. */
  wallMs: number;
}

export interface Flips {
  round: number;
  correctToWrong: number;
  wrongToCorrect: number;
}

/** How `budget` samples are spread over `members`: evenly, the remainder to the first ones. */
export function spread(budget: number, members: number): number[] {
  return Array.from({ length: members }, (_, i) => Math.floor(budget / members) + (i < budget % members ? 1 : 0));
}

/** Between consecutive rounds, per task: a right winner replaced by a wrong one, and the reverse. */
export function flipsPerRound(correctByRound: readonly (readonly boolean[])[]): Flips[] {
  const rounds = Math.max(0, ...correctByRound.map((r) => r.length));
  const flips: Flips[] = [];
  for (let r = 1; r < rounds; r++) {
    let correctToWrong = 0;
    let wrongToCorrect = 0;
    for (const task of correctByRound) {
      if (task[r - 1] === undefined || task[r] === undefined) continue;
      if (task[r - 1] && !task[r]) correctToWrong++;
      if (!task[r - 1] && task[r]) wrongToCorrect++;
    }
    flips.push({ round: r + 1, correctToWrong, wrongToCorrect });
  }
  return flips;
}

/** The most accuracy any halting rule could get from Concord's sessions, and what it would cost. */
export interface HaltingBound {
  accuracy: number;
  callsPerTask: number;
}

/**
 * A halting rule that knew the answer: each forced session stopped after its first round with a
 * right winner, or after round 1 when none had one (no halting rule does better on these
 * sessions: a session's answer is the winner of the round it stops after).
 * `correctByRound[t][r]`: task t's winner after round r is right; `callsByRound[t][r]`: that round's calls.
 */
export function haltingBound(correctByRound: readonly (readonly boolean[])[], callsByRound: readonly (readonly number[])[]): HaltingBound {
  if (correctByRound.length === 0) return { accuracy: 0, callsPerTask: 0 };
  let right = 0;
  let calls = 0;
  correctByRound.forEach((rounds, t) => {
    const first = rounds.indexOf(true);
    if (first >= 0) right++;
    calls += sum((callsByRound[t] ?? []).slice(0, Math.max(1, first + 1)));
  });
  return { accuracy: right / correctByRound.length, callsPerTask: calls / correctByRound.length };
}

/**
 * The most any rule for the winner and for halting could get from these sessions' proposals: a rule
 * that knew the answer, picked a right proposal whenever one was made and stopped at the first round
 * with one (haltingBound over "some proposal of the round is right"). Round 1's proposals are made
 * before any tally or feedback, so `firstRound` bounds every tally at round 1 exactly; later
 * rounds' proposals depend on the feedback the real tally gave.
 */
export function answerBound(rounds: readonly (readonly RoundRecord[])[], references: readonly string[]): HaltingBound & { firstRound: number } {
  const proposedRight = rounds.map((task, t) => task.map((round) => round.proposed.some((s) => isCorrect(s, references[t]!))));
  const bound = haltingBound(proposedRight, rounds.map((task) => task.map((round) => round.calls)));
  const firstRound = proposedRight.filter((task) => task[0] === true).length / Math.max(1, rounds.length);
  return { ...bound, firstRound };
}

/**
 * 1 − the share of tasks on which every member's first sample is wrong: no vote over first
 * answers can beat it, since on those tasks nobody offers the right answer.
 */
export function coFailureCeiling(firstCorrect: readonly (readonly boolean[])[]): number {
  if (firstCorrect.length === 0) return 0;
  const allWrong = firstCorrect.filter((members) => members.every((c) => !c)).length;
  return 1 - allWrong / firstCorrect.length;
}

/** The member whose first samples are right most often (the first on a tie). */
export function bestMember(firstCorrect: readonly (readonly boolean[])[], members: number): number {
  const hits = Array.from({ length: members }, (_, m) => firstCorrect.filter((t) => t[m]).length);
  return hits.indexOf(Math.max(...hits));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

interface Pick {
  answer?: string;
  calls: number;
  tokens: number;
  ms: number;
}

function column(name: string, kind: ColumnKind, tasks: readonly TaskRecord[], picks: readonly Pick[]): Column {
  const hits = picks.map((p, t) => p.answer !== undefined && isCorrect(p.answer, tasks[t]!.reference));
  const correct = hits.filter(Boolean).length;
  const calls = sum(picks.map((p) => p.calls));
  return {
    name, kind, correct, total: tasks.length, accuracy: tasks.length ? correct / tasks.length : 0, hits,
    calls, callsPerTask: tasks.length ? calls / tasks.length : 0, tokens: sum(picks.map((p) => p.tokens)), wallMs: sum(picks.map((p) => p.ms)),
  };
}

/** What a set of samples cost: one call each, their tokens, the slowest of them (asked at once). */
export function cost(samples: readonly Sample[]): Omit<Pick, "answer"> {
  return { calls: samples.length, tokens: sum(samples.map((s) => s.tokens)), ms: Math.max(0, ...samples.map((s) => s.ms)) };
}

/** The panel's samples at a budget: each member's prefix (spread), member after member. */
export function panelSamples(task: TaskRecord, budget: number): Sample[][] {
  const counts = spread(budget, task.panel.length);
  return task.panel.map((samples, m) => samples.slice(0, counts[m]));
}

/** A Concord column from each task's rounds (its winner after the last of them). */
function concordPick(rounds: readonly RoundRecord[]): Pick {
  return { answer: rounds.at(-1)?.winner, calls: sum(rounds.map((r) => r.calls)), tokens: sum(rounds.map((r) => r.tokens)), ms: sum(rounds.map((r) => r.ms)) };
}

/**
 * Every column of the report for a few budgets (calls per task), in a fixed order. historyGroups
 * (task indices per task family): weighted-history learns its weights per family, as Concord's
 * are learned from the agents' on-chain histories in each session's family; without it, one
 * history over all tasks.
 */
export function scoreColumns(tasks: readonly TaskRecord[], rounds: number, budgets: readonly number[], historyGroups?: readonly (readonly number[])[]): Column[] {
  const columns = [column("best single", "best single", tasks, tasks.map((t) => ({ answer: t.consistency[0]?.solution, ...cost(t.consistency.slice(0, 1)) })))];
  for (const budget of budgets) {
    const at = (name: string) => `${name} @${budget}`;
    columns.push(column(at("self-consistency"), "self-consistency", tasks, tasks.map((t) => {
      const samples = t.consistency.slice(0, budget);
      return { answer: vote(samples.map((s) => s.solution), t.reference), ...cost(samples) };
    })));
    const spreadSamples = tasks.map((t) => panelSamples(t, budget));
    columns.push(column(at("majority"), "majority", tasks, spreadSamples.map((members, i) => {
      const flat = members.flat();
      return { answer: vote(flat.map((s) => s.solution), tasks[i]!.reference), ...cost(flat) };
    })));
    columns.push(column(at("confidence-weighted"), "confidence-weighted", tasks, spreadSamples.map((members, i) => {
      const flat = members.flat();
      return { answer: vote(flat.map((s) => s.solution), tasks[i]!.reference, flat.map((s) => s.confidence)), ...cost(flat) };
    })));
    const history = spreadSamples.map((members, i) => ({ reference: tasks[i]!.reference, members: members.map((ms) => ms.map((s) => s.solution)) }));
    const weights = historyGroups ? groupedHistoryWeights(history, historyGroups) : historyWeights(history);
    columns.push(column(at("weighted-history"), "weighted-history", tasks, spreadSamples.map((members, i) => {
      const flat = members.flat();
      const w = members.flatMap((ms, m) => ms.map(() => weights[i]![m]!));
      return { answer: vote(flat.map((s) => s.solution), tasks[i]!.reference, w), ...cost(flat) };
    })));
  }
  for (let k = 1; k <= rounds; k++) columns.push(column(`concord ${k} round${k === 1 ? "" : "s"}`, "concord", tasks, tasks.map((t) => concordPick(t.rounds.slice(0, k)))));
  if (tasks.some((t) => t.adaptive.length > 0)) columns.push(column("concord adaptive", "concord adaptive", tasks, tasks.map((t) => concordPick(t.adaptive))));
  return columns;
}

/**
 * Which columns are on the accuracy-versus-calls Pareto front: none other is at least as
 * accurate for no more calls per task and better on one of the two.
 */
export function paretoFront(columns: readonly { callsPerTask: number; accuracy: number }[]): boolean[] {
  return columns.map((c) => !columns.some((o) =>
    o.callsPerTask <= c.callsPerTask && o.accuracy >= c.accuracy && (o.callsPerTask < c.callsPerTask || o.accuracy > c.accuracy)));
}

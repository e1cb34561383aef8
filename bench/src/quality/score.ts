// The quality benchmark's arithmetic, pure: answer matching, votes, accuracy per column, flips
// between rounds and the co-failure ceiling. The runner collects raw answers; this scores them.

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
  calls: number;
  tokens: number;
  ms: number;
}

export interface TaskRecord {
  id: string;
  reference: string;
  rounds: RoundRecord[];
  /** panel[member][k]: the panel's spread samples (majority and confidence-weighted votes). */
  panel: Sample[][];
  /** Wall time of the panel samples of this task, asked all at once. */
  panelMs: number;
  /** Samples of the best member (self-consistency; the first is the best single answer). */
  consistency: Sample[];
  consistencyMs: number;
}

export interface Column {
  name: string;
  correct: number;
  total: number;
  accuracy: number;
  calls: number;
  tokens: number;
  wallMs: number;
}

export interface Flips {
  round: number;
  correctToWrong: number;
  wrongToCorrect: number;
}

/**
 * The comparable form of an answer: for an integer reference, the last integer in the text
 * ("The answer is \boxed{1,024}." → "1024"); otherwise the text trimmed, spaces collapsed,
 * lower-cased.
 */
export function normaliseAnswer(solution: string, reference: string): string {
  if (/^-?\d+$/.test(reference.trim())) {
    const integers = solution.replace(/(\d),(?=\d{3}\b)/g, "$1").match(/-?\d+/g);
    return integers ? String(BigInt(integers.at(-1)!)) : solution.trim();
  }
  return solution.trim().replace(/\s+/g, " ").toLowerCase();
}

export function isCorrect(solution: string, reference: string): boolean {
  return normaliseAnswer(solution, reference) === normaliseAnswer(reference, reference);
}

/**
 * The answer with the largest total weight (1 each by default), compared in normalised form.
 * A tie goes to the answer seen first: the order of the samples decides, never chance. Empty
 * solutions (failed calls) are not votes.
 */
export function vote(solutions: readonly string[], reference: string, weights?: readonly number[]): string | undefined {
  const totals = new Map<string, { weight: number; first: string }>();
  solutions.forEach((solution, i) => {
    if (solution.trim() === "") return; // a failed call: no answer to count
    const key = normaliseAnswer(solution, reference);
    const entry = totals.get(key) ?? { weight: 0, first: solution };
    entry.weight += weights?.[i] ?? 1;
    totals.set(key, entry);
  });
  let best: { weight: number; first: string } | undefined;
  for (const entry of totals.values()) if (!best || entry.weight > best.weight) best = entry;
  return best?.first;
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

function column(name: string, tasks: readonly TaskRecord[], pick: (t: TaskRecord) => { answer?: string; calls: number; tokens: number; ms: number }): Column {
  const picked = tasks.map((t) => ({ ...pick(t), right: false, reference: t.reference }));
  for (const p of picked) p.right = p.answer !== undefined && isCorrect(p.answer, p.reference);
  const correct = picked.filter((p) => p.right).length;
  return {
    name, correct, total: tasks.length, accuracy: tasks.length ? correct / tasks.length : 0,
    calls: sum(picked.map((p) => p.calls)), tokens: sum(picked.map((p) => p.tokens)), wallMs: sum(picked.map((p) => p.ms)),
  };
}

/** Every column of the report: baselines, then Concord after each round. */
export function scoreColumns(tasks: readonly TaskRecord[], rounds: number): Column[] {
  const samplesOf = (t: TaskRecord) => t.panel.flat();
  const cost = (samples: readonly Sample[]) => ({ calls: samples.length, tokens: sum(samples.map((s) => s.tokens)) });
  const columns = [
    column("best single", tasks, (t) => ({ answer: t.consistency[0]?.solution, ...cost(t.consistency.slice(0, 1)), ms: t.consistency[0]?.ms ?? 0 })),
    column("self-consistency", tasks, (t) => ({ answer: vote(t.consistency.map((s) => s.solution), t.reference), ...cost(t.consistency), ms: t.consistencyMs })),
    column("majority", tasks, (t) => ({ answer: vote(samplesOf(t).map((s) => s.solution), t.reference), ...cost(samplesOf(t)), ms: t.panelMs })),
    column("confidence-weighted", tasks, (t) => ({
      answer: vote(samplesOf(t).map((s) => s.solution), t.reference, samplesOf(t).map((s) => s.confidence)), ...cost(samplesOf(t)), ms: t.panelMs,
    })),
  ];
  for (let k = 1; k <= rounds; k++) {
    columns.push(column(`concord ${k} round${k === 1 ? "" : "s"}`, tasks, (t) => {
      const done = t.rounds.slice(0, k);
      return { answer: done.at(-1)?.winner, calls: sum(done.map((r) => r.calls)), tokens: sum(done.map((r) => r.tokens)), ms: sum(done.map((r) => r.ms)) };
    }));
  }
  return columns;
}

// The history-weighted vote's weights: each member's weight is learned online, in task order,
// without ground truth, from how often its answers agreed with the rest of the panel on the tasks
// before. A member that usually agrees with the others is probably right more often (when errors
// are not shared), so its vote counts more: the log-odds weight of a weighted majority vote,
// log(p / (1 − p)) (Nitzan & Paroush 1982), with p the member's smoothed agreement rate.
//
// Two choices keep it honest:
// - Leave-one-out: a member is compared with the majority of the OTHER members' samples, so its
//   own samples (perfectly self-consistent or not) never vote on its weight.
// - Weights below even odds are clipped to a floor, not made negative: a member below 50%
//   agreement is ignored rather than voted against, and before any history every member has the
//   floor, so the first task is a plain majority vote.
//
// What it cannot do: when most members share one wrong answer (a trap), agreeing with them is
// what earns weight, so the lone right member is weighed down. Nothing without ground truth can
// tell a shared trap from a shared truth.
import { normaliseAnswer, vote } from "./vote.ts";

/** Every member's weight before any history and below even odds: votes then count equally. */
export const WEIGHT_FLOOR = 1e-3;

export interface HistoryTask {
  /** Decides only how answers are compared (as integers or as text), never which is right. */
  reference: string;
  /** members[m]: member m's answers on this task (empty strings: failed calls). */
  members: readonly (readonly string[])[];
}

/** Log-odds of agreement with Laplace smoothing: (agreed + 1) / (answered + 2). */
export function agreementWeight(agreed: number, answered: number): number {
  const p = (agreed + 1) / (answered + 2);
  return Math.max(0, Math.log(p / (1 - p))) + WEIGHT_FLOOR;
}

/** weights[t][m]: member m's weight on task t, learned from tasks 0..t−1 only. */
export function historyWeights(tasks: readonly HistoryTask[]): number[][] {
  const members = Math.max(0, ...tasks.map((t) => t.members.length));
  const agreed = new Array<number>(members).fill(0);
  const answered = new Array<number>(members).fill(0);
  return tasks.map((task) => {
    const weights = Array.from({ length: members }, (_, m) => agreementWeight(agreed[m]!, answered[m]!));
    task.members.forEach((answers, m) => {
      const others = task.members.flatMap((a, o) => (o === m ? [] : a));
      const consensus = vote(others, task.reference);
      if (consensus === undefined) return; // nobody else answered: nothing to agree with
      const key = normaliseAnswer(consensus, task.reference);
      for (const answer of answers) {
        if (answer.trim() === "") continue;
        answered[m]! += 1;
        if (normaliseAnswer(answer, task.reference) === key) agreed[m]! += 1;
      }
    });
    return weights;
  });
}

/**
 * historyWeights learned separately per group of tasks (groups: task indices, each in task order),
 * merged back in task order: a member's weight on a task comes only from the earlier tasks of its
 * group, as Concord's come from the agents' on-chain histories in the session's task family.
 */
export function groupedHistoryWeights(tasks: readonly HistoryTask[], groups: readonly (readonly number[])[]): number[][] {
  return mergeGroups(groups, groups.map((group) => historyWeights(group.map((t) => tasks[t]!))));
}

/** Task indices per family, families in order of first appearance; a task without one is its own family "". */
export function familyGroups(tasks: readonly { family?: string }[]): number[][] {
  const groups = new Map<string, number[]>();
  tasks.forEach((task, t) => {
    const key = task.family ?? "";
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  });
  return [...groups.values()];
}

/** results[g][i] is the result of task groups[g][i]: one array in task order. */
export function mergeGroups<T>(groups: readonly (readonly number[])[], results: readonly (readonly T[])[]): T[] {
  const merged: T[] = new Array(groups.reduce((n, g) => n + g.length, 0));
  groups.forEach((group, g) => {
    if (results[g]!.length !== group.length) throw new Error(`group ${g}: ${results[g]!.length} results for ${group.length} tasks`);
    group.forEach((t, i) => (merged[t] = results[g]![i]!));
  });
  return merged;
}

// How well could any rule pick round 1's winner? Round 1 is what every rule sees first: each
// member's independent answer and each member's check of the others'. On a simulated panel, the
// same panel drawn with other seeds gives as many tasks of the same kind as wanted, so the best
// pick for each pattern of what round 1 shows (which answers agree, the sign of every check, the
// task's family, who said what) can be learned from them: a rule that knows the regime exactly,
// as Concord's weights could at best come to know it. Scored on the run's own tasks, it bounds
// what a better tally could add after round 1. A second bound needs no learning and cannot be
// beaten at all: the best pick per pattern chosen with the run's answers known (it overfits).
// And the protocol's own tally of round 1, where no ballot counts for its own answer, with equal
// weights and with the weights a history would give each member if its endorsement rate were its
// accuracy: how much whom-to-trust can add within the rule, however well the weights are learned.
import type { AgentDefinition } from "@concord/agent-sdk/agent";
import { endorsementsToVotes, MAX_VOTE_CREDITS, positionOf, tallyScores } from "@concord/agent-sdk/protocol";
import { evaluationWeight } from "../incentives/dip.ts";
import { isCorrect } from "./vote.ts";
import type { BenchTask } from "./task-set.ts";

export interface RoundOneBound {
  /** The pick learned on the other seeds' tasks, scored on the run's tasks. */
  learned: number;
  /** How many tasks (of the other seeds) it was learned from. */
  trainingTasks: number;
  /** The best pick per pattern with the run's answers known: no rule of round 1's signs does better. */
  inSample: number;
  /** Round 1's tally (QV votes, no ballot for its own answer; ties shared), scored on the run's tasks. */
  tally: {
    /** Every ballot counted once. */
    equal: number;
    /**
     * Each ballot counted the weight of a history whose endorsement rate is the member's accuracy on
     * the other draws, in the task's family (as Concord keeps one history per family).
     */
    trueWeights: number;
    /** Those weights per task family ("" for tasks of none); a plain object, so the report's JSON keeps it. */
    weights: Record<string, number[]>;
    /** With `endWeights` (the weights Concord's agents ended the run with), when given. */
    endWeights?: number;
  };
}

/** What round 1 shows, as one key, which members' answers are right, and each evaluator's QV votes (votes[e][j]). */
interface Observation {
  key: string;
  family: string;
  right: boolean[];
  votes: number[][];
}

const ZERO = `0x${"0".repeat(64)}` as const;
const label = (i: number) => `Candidate_${String.fromCharCode(65 + i)}`;

/** Round 1 of one task, run on the members directly: their proposals, then their checks of the others'. */
export async function observeRoundOne(panel: readonly AgentDefinition[], task: BenchTask): Promise<Observation> {
  const base = { sessionId: "round-one-bound", round: 1, task: task.problem, deadline: Number.MAX_SAFE_INTEGER };
  const proposals = await Promise.all(panel.map((member) => member.propose(base)));
  const answers = proposals.map((p) => positionOf(p.solution));
  const agreement = answers.map((a) => answers.indexOf(a)).join(",");
  const checks = await Promise.all(panel.map(async (member, e) => {
    const others = panel.flatMap((_, j) => (j === e ? [] : [j]));
    const { assessments } = await member.evaluate({
      ...base, ownProposal: { thoughtProcess: proposals[e]!.thoughtProcess, solution: proposals[e]!.solution },
      candidates: others.map((j) => ({ label: label(j), thoughtProcess: proposals[j]!.thoughtProcess, solution: proposals[j]!.solution, salt: ZERO, proposalHash: ZERO })),
    });
    const endorsement = new Map(assessments.map((a) => [a.label, a.endorsement]));
    const given = others.map((j) => endorsement.get(label(j)) ?? 0);
    const votes = panel.map(() => 0);
    endorsementsToVotes(given, BigInt(MAX_VOTE_CREDITS)).forEach((v, i) => (votes[others[i]!] = v));
    return { signs: given.map(Math.sign).join(""), votes };
  }));
  return {
    key: `${task.family ?? ""}|${agreement}|${checks.map((c) => c.signs).join("/")}`,
    family: task.family ?? "",
    right: proposals.map((p) => isCorrect(p.solution, task.answer)),
    votes: checks.map((c) => c.votes),
  };
}

/** Share of tasks whose tally picks a right answer; a tie counts the right share of the tied (its hash order is a draw). */
function tallyAccuracy(observations: readonly Observation[], weights?: Readonly<Record<string, readonly number[]>>): number {
  const right = observations.reduce((sum, o) => {
    const scores = tallyScores(o.votes, o.right.length, weights?.[o.family]);
    const top = Math.max(...scores);
    const tied = scores.flatMap((s, j) => (s === top ? [j] : []));
    return sum + tied.filter((j) => o.right[j]).length / tied.length;
  }, 0);
  return right / Math.max(1, observations.length);
}

/** Per pattern: how often each member's answer was right. */
function tally(observations: readonly Observation[]): Map<string, number[]> {
  const table = new Map<string, number[]>();
  for (const o of observations) {
    const hits = table.get(o.key) ?? o.right.map(() => 0);
    o.right.forEach((r, i) => (hits[i]! += r ? 1 : 0));
    table.set(o.key, hits);
  }
  return table;
}

const argmax = (xs: readonly number[]) => xs.indexOf(Math.max(...xs));

/**
 * `reseeded(k)`: the same panel drawn with the k-th other seed. `seeds` of them train the pick
 * (the tasks are the run's, so the patterns are of the same kind of task; the draws differ).
 */
export async function roundOneBound(
  panel: readonly AgentDefinition[], reseeded: (k: number) => readonly AgentDefinition[], tasks: readonly BenchTask[], seeds: number,
  endWeights?: Readonly<Record<string, readonly number[]>>,
): Promise<RoundOneBound> {
  const training: Observation[] = [];
  for (let k = 0; k < seeds; k++) {
    const twin = reseeded(k);
    for (const task of tasks) training.push(await observeRoundOne(twin, task));
  }
  const learned = tally(training);
  const run = await Promise.all(tasks.map((task) => observeRoundOne(panel, task)));
  // A pattern never seen in training: the first member's answer (rare; it counts as that pick).
  const right = run.filter((o) => o.right[argmax(learned.get(o.key) ?? [1])]).length;
  const inSample = [...tally(run).values()].reduce((sum, hits) => sum + Math.max(...hits), 0);
  const share = (x: number) => x / Math.max(1, tasks.length);
  const weights: Record<string, number[]> = {};
  for (const family of new Set(run.map((o) => o.family))) {
    const history = training.filter((o) => o.family === family);
    weights[family] = panel.map((_, j) => evaluationWeight({ sessions: history.length, endorsed: history.filter((o) => o.right[j]).length }));
  }
  return {
    learned: share(right), trainingTasks: training.length, inSample: share(inSample),
    tally: { equal: tallyAccuracy(run), trueWeights: tallyAccuracy(run, weights), weights, ...(endWeights ? { endWeights: tallyAccuracy(run, endWeights) } : {}) },
  };
}

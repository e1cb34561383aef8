// The history-weighted vote: weights learned in task order from agreement with the other members,
// no ground truth; what it learns, what it cannot, and that it only looks back.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "@concord/agent-sdk/providers";
import { agreementWeight, groupedHistoryWeights, historyWeights, WEIGHT_FLOOR, type HistoryTask } from "@concord/bench/quality/weighted-history.ts";
import { scoreColumns, type Sample, type TaskRecord } from "@concord/bench/quality/score.ts";

/**
 * Tasks with truth "100": member m is right with p[m], else one of `wrongAnswers` wrong answers
 * (101, 102, …): many make mistakes private slips, two make them often shared.
 */
function panelTasks(p: readonly number[], samples: number, count: number, seed = "h", wrongAnswers = 99): HistoryTask[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    reference: "100",
    members: p.map((pm) => Array.from({ length: samples }, () => (random() < pm ? "100" : String(101 + Math.floor(random() * wrongAnswers))))),
  }));
}

describe("history-weighted vote", () => {
  it("weighs by the log-odds of smoothed agreement, clipped at a floor", () => {
    assert.equal(agreementWeight(0, 0), WEIGHT_FLOOR);
    assert.ok(Math.abs(agreementWeight(8, 8) - (Math.log(9) + WEIGHT_FLOOR)) < 1e-12);
    assert.equal(agreementWeight(1, 10), WEIGHT_FLOOR, "below even odds: ignored, not voted against");
  });

  it("learns a higher weight for the better member without being told the answer", () => {
    const weights = historyWeights(panelTasks([0.9, 0.6, 0.5], 2, 200));
    assert.deepEqual(weights[0], [WEIGHT_FLOOR, WEIGHT_FLOOR, WEIGHT_FLOOR], "no history: a plain majority");
    const last = weights.at(-1)!;
    assert.ok(last[0]! > last[1]! && last[1]! > last[2]!, `weights ${last}`);
  });

  it("learns from earlier tasks only", () => {
    const tasks = panelTasks([0.9, 0.6, 0.5], 2, 50);
    const changed = tasks.map((t, i) => (i === 30 ? { ...t, members: [["7", "7"], ["7", "7"], ["7", "7"]] } : t));
    const [a, b] = [historyWeights(tasks), historyWeights(changed)];
    assert.deepEqual(a.slice(0, 31), b.slice(0, 31));
    assert.notDeepEqual(a[31], b[31]);
  });

  it("gives no weight for agreeing with oneself: a member repeating one answer is compared with the others only", () => {
    // The parrot's four samples tie the others' four, and a tie goes to the answer seen first: a
    // majority over the whole panel would be the parrot's own 7 on every task.
    const tasks: HistoryTask[] = Array.from({ length: 40 }, () => ({ reference: "100", members: [["7", "7", "7", "7"], ["100", "100"], ["100", "100"]] }));
    assert.equal(historyWeights(tasks).at(-1)![0], WEIGHT_FLOOR);
  });

  it("learns nothing where no member agrees with the others half the time (one noisy sample each): a plain majority", () => {
    const last = historyWeights(panelTasks([0.5, 0.5, 0.9], 1, 300, "noisy")).at(-1)!;
    assert.deepEqual(last, [WEIGHT_FLOOR, WEIGHT_FLOOR, WEIGHT_FLOOR]);
  });

  it("cannot tell a shared trap from a shared truth: a trap-sharing majority weighs the right loner down", () => {
    const tasks: HistoryTask[] = Array.from({ length: 40 }, () => ({ reference: "100", members: [["100"], ["97"], ["97"], ["97"]] }));
    const last = historyWeights(tasks).at(-1)!;
    assert.equal(last[0], WEIGHT_FLOOR);
    assert.ok(last[1]! > 1, `trap sharers' weight ${last[1]}`);
  });

  it("per group, learns each group's own specialist; over all tasks, their average", () => {
    // Member 0 strong on the even tasks, member 1 on the odd ones, member 2 weak on both.
    const even = panelTasks([0.9, 0.6, 0.5], 2, 200, "even");
    const odd = panelTasks([0.6, 0.9, 0.5], 2, 200, "odd");
    const tasks = even.flatMap((t, i) => [t, odd[i]!]);
    const groups = [tasks.map((_, t) => t).filter((t) => t % 2 === 0), tasks.map((_, t) => t).filter((t) => t % 2 === 1)];
    const grouped = groupedHistoryWeights(tasks, groups);
    const [lastEven, lastOdd] = [grouped.at(-2)!, grouped.at(-1)!];
    assert.ok(lastEven[0]! > lastEven[1]! && lastOdd[1]! > lastOdd[0]!, `even ${lastEven}, odd ${lastOdd}`);
    assert.deepEqual(grouped.slice(0, 2), [[WEIGHT_FLOOR, WEIGHT_FLOOR, WEIGHT_FLOOR], [WEIGHT_FLOOR, WEIGHT_FLOOR, WEIGHT_FLOOR]], "each group starts with no history");
    assert.deepEqual(groupedHistoryWeights(tasks, [tasks.map((_, t) => t)]), historyWeights(tasks), "one group is the default history");
    const single = historyWeights(tasks).at(-1)!;
    assert.ok(Math.abs(single[0]! - single[1]!) < Math.abs(lastEven[0]! - lastEven[1]!), `one history ${single} barely tells them apart`);
  });

  it("beats the plain majority at the same budget once the better member has earned its weight", () => {
    // Two weak members whose mistakes often coincide outvote the strong third; the history vote
    // learns that the third agrees with the others more often than they agree with each other.
    const history = panelTasks([0.6, 0.6, 0.9], 1, 300, "vote", 2);
    const sample = (solution: string): Sample => ({ solution, confidence: 0.5, tokens: 1, ms: 1 });
    const tasks: TaskRecord[] = history.map((t, i) => ({
      id: String(i), reference: "100", rounds: [], adaptive: [], consistency: [sample("100")],
      panel: t.members.map((answers) => answers.map(sample)),
    }));
    const byName = Object.fromEntries(scoreColumns(tasks, 0, [3]).map((c) => [c.name, c]));
    assert.deepEqual(scoreColumns(tasks, 0, [3], [tasks.map((_, t) => t)]), scoreColumns(tasks, 0, [3]), "one history group: the default columns");
    assert.equal(byName["weighted-history @3"]!.calls, byName["majority @3"]!.calls);
    assert.ok(byName["weighted-history @3"]!.correct > byName["majority @3"]!.correct + 5,
      `weighted-history ${byName["weighted-history @3"]!.correct} against majority ${byName["majority @3"]!.correct}`);
  });
});

// A regime's headline: the equal-cost budget, the best baseline there, the fixed line format, and
// the report's line saying where Concord loses.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { equalCostBudget, formatHeadline, formatPaired, headlineOf, pairedDifference, singleGainLine } from "@concord/bench/quality/headline.ts";
import { flipsTable, lossLines, roundOneLines } from "@concord/bench/quality/report.ts";
import type { Column, ColumnKind } from "@concord/bench/quality/score.ts";
import type { RegimeReport } from "@concord/bench/quality/run-quality.ts";

const col = (kind: ColumnKind, callsPerTask: number, accuracy: number): Column => ({
  name: `${kind} @${callsPerTask}`, kind, correct: Math.round(accuracy * 200), total: 200, accuracy,
  hits: Array.from({ length: 200 }, (_, t) => t < Math.round(accuracy * 200)),
  calls: callsPerTask * 200, callsPerTask, tokens: 0, wallMs: 0,
});
const FORM = /^quality \S+: concord \d+\.\d% at \d+\.\d calls, best equal-cost baseline (self-consistency|majority|confidence-weighted|weighted-history) \d+\.\d%, best single \d+\.\d%, ceiling \d+\.\d%$/;

const columns = (concord: number) => [
  col("best single", 1, 0.8),
  ...(["self-consistency", "majority", "confidence-weighted", "weighted-history"] as const).flatMap((k, i) => [
    col(k, 12, 0.8 + i * 0.01), col(k, 14, [0.85, 0.87, 0.87, 0.86][i]!), col(k, 18, 0.99),
  ]),
  col("concord", 6, 0.8), col("concord", 12, 0.82), col("concord", 18, 0.86),
  col("concord adaptive", 13.2, concord),
];

describe("quality headline", () => {
  it("gives the baselines ⌈C⌉ calls, never fewer than Concord, ignoring a float's noise", () => {
    assert.equal(equalCostBudget(13.2), 14);
    assert.equal(equalCostBudget(12), 12);
    assert.equal(equalCostBudget(36 / 3), 12);
    assert.equal(equalCostBudget(12.0000000000001), 12);
  });

  it("takes the best baseline at that budget (the first in order on a tie), not a better one at more calls", () => {
    const h = headlineOf("dominant", columns(0.9), 0.95);
    assert.deepEqual([h.budget, h.baseline, h.baselineAccuracy, h.bestSingle, h.concord], [14, "majority", 0.87, 0.8, 0.9]);
    assert.equal(formatHeadline(h), "quality dominant: concord 90.0% at 13.2 calls, best equal-cost baseline majority 87.0%, best single 80.0%, ceiling 95.0%");
    assert.match(formatHeadline(h), FORM);
  });

  it("refuses columns without adaptive Concord or without a baseline at the budget", () => {
    assert.throws(() => headlineOf("r", columns(0.9).filter((c) => c.kind !== "concord adaptive"), 1), /no adaptive Concord column/);
    assert.throws(() => headlineOf("r", columns(0.9).filter((c) => !(c.kind === "majority" && c.callsPerTask === 14)), 1), /no majority column at 14/);
  });

  it("says where Concord loses, with what the run measured, and nothing where it does not", () => {
    const report = (concord: number, answerBound = { accuracy: 0.86, callsPerTask: 13.5, firstRound: 0.82 }): RegimeReport => {
      const cols = columns(concord);
      return {
        regime: "trap-majority", set: "arith-200", tasks: 200, rounds: 3, notes: [], answerBound,
        // Six members: round 1 is 12 calls, where the baselines' best is weighted-history (83%).
        panel: Array.from({ length: 6 }, (_, i) => ({ name: `m${i}`, what: "simulated", firstAccuracy: 0.5 })), best: "ada", budgets: [12, 14, 18], columns: cols,
        flips: [{ round: 2, correctToWrong: 7, wrongToCorrect: 3 }, { round: 3, correctToWrong: 1, wrongToCorrect: 2 }],
        adaptiveRounds: [10, 140, 50], coFailureCeiling: 0.95, haltingBound: { accuracy: 0.84, callsPerTask: 13.5 }, headline: headlineOf("trap-majority", cols, 0.95),
        failedSessions: 0, failedSamples: 0, elapsedMs: 0,
      };
    };
    assert.deepEqual(lossLines(report(0.9)), []);
    const lines = lossLines(report(0.75));
    assert.equal(lines[0], "Concord loses **trap-majority** to majority at 14 calls per task by 12.0 points (one task is 0.5 points; on the same tasks, " +
      "Concord − majority: −12.0 points (95% interval −16.5 to −7.5; 0 tasks only Concord got right, 24 only majority)).");
    assert.equal(lines[1], "Concord is below the best single answer in **trap-majority** by 5.0 points.");
    assert.match(lines[2]!, /stopped 10 after 1, 140 after 2, 50 after 3 round\(s\) of 200 tasks/);
    assert.match(lines[2]!, /forced to 3 rounds it scores 86\.0% at 18 calls \(majority there: 99\.0%\)/);
    assert.match(lines[2]!, /turned 8 right winners wrong and 5 wrong ones right/);
    // The best baseline with at most ⌈13.5⌉ = 14 calls: majority and confidence-weighted at 14 (87%), the first of them.
    assert.equal(lines[3], "A halting rule that knew the answer (each forced session stopped at its first right winner) would score 84.0% at 13.5 calls; " +
      "the best baseline with no more calls, majority at 14, scores 87.0%: no halting rule closes this gap, only better answers or better ballots would.");
    assert.equal(lines[4], "A rule for the winner that knew the answer (picking a right proposal whenever one was made) would score 82.0% after round 1 " +
      "(weighted-history at 12: 83.0%), and 86.0% at 13.5 calls stopping at the first round with a right proposal (majority at 14: 87.0%): " +
      "no rule for picking the winner or for stopping closes this gap on these proposals, only better proposals would.");
    // A simulated panel's round-one bound: the baseline at 12 calls (83%) passes the learned rule, not the in-sample one.
    const tally = { equal: 0.78, trueWeights: 0.815, weights: { "": [9, 3, 2, 1, 1, 1] }, endWeights: 0.79 };
    const withBound = { ...report(0.75), roundOneBound: { learned: 0.82, inSample: 0.84, trainingTasks: 20_000, tally }, learnedWeights: { "": [6, 2, 1, 1, 1, 1] } };
    assert.equal(lossLines(withBound)[5], "After round 1 (12 calls), weighted-history scores 83.0%: a rule that knew the panel exactly would not reach it " +
      "(the best rule for round 1's winner scores 82.0% learned on other draws of the panel, at most 84.0%: docs/benchmarks/quality.md, the regime's section).");
    assert.match(roundOneLines(withBound)[0]!, /learned on 20,000 tasks of this panel drawn with other seeds, scores \*\*82\.0%\*\* here \(Concord's tally after round 1: 80\.0%\).*at most \*\*84\.0%\*\*, and a right answer was proposed on 82\.0%\.$/);
    assert.match(roundOneLines(withBound)[2]!, /score 78\.0% with every ballot counted once, and \*\*81\.5%\*\* with the weights .* \(m0 9, m1 3, m2 2, m3 1, m4 1, m5 1\).*as the run's sessions settled: 80\.0%; each weight started at 1 and had grown to m0 6, m1 2, m2 1, m3 1, m4 1, m5 1 after the last session, with which from the start round 1 would score 79\.0%\)\.$/);
    assert.equal(lossLines({ ...withBound, roundOneBound: { learned: 0.8, inSample: 0.82, trainingTasks: 1, tally } })[5]!.split(":")[1], " no rule for round 1's winner can reach it (the best rule for round 1's winner scores 80.0% learned on other draws of the panel, at most 82.0%");
    assert.deepEqual(roundOneLines(report(0.75)), []);
    // Proposals that beat the baselines somewhere: the line gives the bounds and draws no conclusion.
    const open = lossLines(report(0.75, { accuracy: 0.95, callsPerTask: 13.5, firstRound: 0.82 }));
    assert.match(open[4]!, /would score 82\.0% after round 1 \(weighted-history at 12: 83\.0%\), and 95\.0% at 13\.5 calls .* \(majority at 14: 87\.0%\)\.$/);
    assert.deepEqual(flipsTable(report(0.9)).slice(2), ["| 2 | 7 (3.5%) | 3 (1.5%) | -4 |", "| 3 | 1 (0.5%) | 2 (1.0%) | +1 |"]);
  });
});

describe("quality headline against the best single member", () => {
  const h = (concord: number, bestSingle: number, ceiling: number) => ({
    regime: "r", concord, calls: 6, budget: 6, baseline: "majority" as const, baselineAccuracy: 0.9, bestSingle, ceiling,
    paired: pairedDifference([], []),
  });
  it("does not apply where the ceiling leaves less than 10 points above the best single member", () => {
    assert.match(singleGainLine(h(0.96, 0.93, 0.98)), /leaves 5\.0 points .* does not apply/);
  });
  it("is met at 10 points or more, counted exactly despite float noise", () => {
    assert.match(singleGainLine(h(0.93, 0.78, 0.96)), /\+15\.0 points.*: met\.$/);
    assert.match(singleGainLine(h(0.835 + 0.1, 0.835, 0.99)), /\+10\.0 points.*: met\.$/);
  });
  it("says how far short it is, and when only the ceiling itself would meet it", () => {
    assert.match(singleGainLine(h(0.9, 0.825, 0.925)), /\*\*not met\*\*, 2\.5 points short; the ceiling leaves only 10\.0 points/);
    assert.match(singleGainLine(h(0.85, 0.7, 0.99)), /: met\.$/);
    assert.match(singleGainLine(h(0.75, 0.7, 0.99)), /\*\*not met\*\*, 5\.0 points short\.$/);
  });
});

describe("quality headline: Concord against the baseline on the same tasks", () => {
  it("counts the tasks only one side got right and gives the difference's 95% interval", () => {
    // 10 tasks: both right on 6, only a on 3, only b on 1.
    const a = [true, true, true, true, true, true, true, true, true, false];
    const b = [true, true, true, true, true, true, false, false, false, true];
    const p = pairedDifference(a, b);
    assert.equal(p.onlyA, 3);
    assert.equal(p.onlyB, 1);
    assert.ok(Math.abs(p.difference - 0.2) < 1e-12);
    // d = (+1 ×3, −1 ×1, 0 ×6): sample variance (0.4 − 0.04)·10/9 = 0.4, so the half-width is 1.96·√(0.04).
    assert.ok(Math.abs(p.high - p.low - 2 * 1.96 * 0.2) < 1e-12);
    assert.ok(p.low < p.difference && p.difference < p.high);
  });
  it("is exactly zero, with no width, when both sides got the same tasks right", () => {
    const same = [true, false, true, true];
    assert.deepEqual(pairedDifference(same, same), { onlyA: 0, onlyB: 0, difference: 0, low: 0, high: 0 });
  });
  it("refuses columns of different tasks", () => {
    assert.throws(() => pairedDifference([true], [true, false]), /differ in length/);
  });
  it("is the headline's comparison, Concord adaptive against the best baseline at the equal-cost budget", () => {
    const h = headlineOf("trap-majority", columns(0.9), 0.95);
    assert.deepEqual(h.paired, pairedDifference(columns(0.9).find((c) => c.kind === "concord adaptive")!.hits,
      columns(0.9).find((c) => c.kind === h.baseline && c.callsPerTask === h.budget)!.hits));
    assert.match(formatPaired(h.paired, "Concord", h.baseline), /^\+3\.0 points \(95% interval \+0\.6 to \+5\.4; 6 tasks only Concord got right, 0 only majority\)$/);
  });
});

// The quality benchmark's scoring: answer matching, votes, spread, flips, co-failure, columns.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  bestMember, coFailureCeiling, flipsPerRound, isCorrect, normaliseAnswer, scoreColumns, spread, vote, type Sample, type TaskRecord,
} from "@concord/bench/quality/score.ts";

const s = (solution: string, confidence = 0.5, tokens = 10, ms = 1): Sample => ({ solution, confidence, tokens, ms });

describe("quality scoring", () => {
  describe("normaliseAnswer", () => {
    it("takes the last integer of the text for an integer reference", () => {
      assert.equal(normaliseAnswer("Step 1 gives 12, so the answer is \\boxed{1,024}.", "1024"), "1024");
      assert.equal(normaliseAnswer("  007 ", "7"), "7");
      assert.equal(normaliseAnswer("-5", "3"), "-5");
      assert.ok(isCorrect("The answer is 204.", "204"));
      assert.ok(!isCorrect("204 or 205", "204"));
    });

    it("compares other answers as trimmed, collapsed, lower-cased text", () => {
      assert.ok(isCorrect("  Paris \n France", "paris france"));
      assert.ok(!isCorrect("Lyon", "paris"));
    });
  });

  describe("vote", () => {
    it("takes the most common answer, a tie going to the one seen first", () => {
      assert.equal(vote(["3", "4", "4", "3", "5"], "1"), "3");
      assert.equal(vote(["5", "4", "4"], "1"), "4");
    });

    it("weighs answers by confidence when given weights", () => {
      assert.equal(vote(["3", "4", "4"], "1", [0.9, 0.3, 0.4]), "3");
      assert.equal(vote(["3", "4", "4"], "1", [0.6, 0.3, 0.4]), "4");
    });

    it("ignores failed calls (empty solutions), and has no answer when all failed", () => {
      assert.equal(vote(["", "", "7"], "1"), "7");
      assert.equal(vote(["", ""], "1"), undefined);
    });
  });

  it("spreads a budget evenly over the members, the remainder to the first", () => {
    assert.deepEqual(spread(18, 3), [6, 6, 6]);
    assert.deepEqual(spread(20, 3), [7, 7, 6]);
  });

  it("counts flips between consecutive rounds", () => {
    const byTask = [[true, false, false], [false, true, true], [false, false, true], [true, true, true], [true]];
    assert.deepEqual(flipsPerRound(byTask), [
      { round: 2, correctToWrong: 1, wrongToCorrect: 1 },
      { round: 3, correctToWrong: 0, wrongToCorrect: 1 },
    ]);
  });

  it("reports the co-failure ceiling as 1 − the share of tasks every member gets wrong first", () => {
    assert.equal(coFailureCeiling([[false, false], [true, false], [false, true], [false, false]]), 0.5);
    assert.equal(coFailureCeiling([]), 0);
    assert.equal(bestMember([[false, true], [true, true], [false, true]], 2), 1);
  });

  it("scores every column with its answers, calls, tokens and time", () => {
    const task = (reference: string, winners: string[], panel: string[][], consistency: string[]): TaskRecord => ({
      id: reference, reference,
      rounds: winners.map((winner) => ({ winner, calls: 6, tokens: 100, ms: 50 })),
      panel: panel.map((m) => m.map((x) => s(x, x === reference ? 0.9 : 0.4))), panelMs: 5,
      consistency: consistency.map((x) => s(x)), consistencyMs: 7,
    });
    const tasks = [
      // Panel majority wrong (9 twice), confidence-weighted right; Concord right from round 2.
      task("10", ["9", "10"], [["9", "10"], ["9", "11"]], ["10", "9", "10", "9"]),
      // Everyone right but self-consistency (its first sample is right, the rest wrong).
      task("5", ["5", "5"], [["5", "5"], ["5", "4"]], ["5", "6", "6", "7"]),
    ];
    const byName = Object.fromEntries(scoreColumns(tasks, 2).map((c) => [c.name, c]));
    assert.deepEqual(Object.keys(byName), ["best single", "self-consistency", "majority", "confidence-weighted", "concord 1 round", "concord 2 rounds"]);
    assert.deepEqual([byName["best single"]!.correct, byName["best single"]!.calls, byName["best single"]!.tokens], [2, 2, 20]);
    assert.deepEqual([byName["self-consistency"]!.correct, byName["self-consistency"]!.calls, byName["self-consistency"]!.wallMs], [1, 8, 14]);
    assert.deepEqual([byName.majority!.correct, byName.majority!.calls], [1, 8]);
    assert.equal(byName["confidence-weighted"]!.correct, 2);
    assert.deepEqual([byName["concord 1 round"]!.correct, byName["concord 1 round"]!.calls, byName["concord 1 round"]!.tokens], [1, 12, 200]);
    assert.deepEqual([byName["concord 2 rounds"]!.correct, byName["concord 2 rounds"]!.calls, byName["concord 2 rounds"]!.wallMs], [2, 24, 200]);
    assert.equal(byName["concord 2 rounds"]!.accuracy, 1);
  });

  it("scores a task whose session failed (no rounds) as wrong", () => {
    const failed: TaskRecord = { id: "x", reference: "1", rounds: [], panel: [[s("1")], [s("1")]], panelMs: 0, consistency: [s("1")], consistencyMs: 0 };
    const concord = scoreColumns([failed], 1).find((c) => c.name === "concord 1 round")!;
    assert.deepEqual([concord.correct, concord.calls], [0, 0]);
  });
});

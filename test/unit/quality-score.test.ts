// The quality benchmark's scoring: answer matching, votes, spread, flips, co-failure, columns.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  answerBound, bestMember, coFailureCeiling, flipsPerRound, haltingBound, isCorrect, normaliseAnswer, panelSamples, paretoFront, scoreColumns, spread, vote, type Sample, type TaskRecord,
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

  it("bounds halting by stopping each session at its first right winner, or after round 1 when it has none", () => {
    const correct = [[true, false, true], [false, false, true], [false, false, false], [false, true, false]];
    const calls = [[6, 6, 6], [6, 6, 6], [6, 6, 6], [6, 5, 6]];
    // Right on 3 of 4 tasks, for 6 + 18 + 6 + 11 calls.
    assert.deepEqual(haltingBound(correct, calls), { accuracy: 0.75, callsPerTask: 41 / 4 });
    assert.deepEqual(haltingBound([], []), { accuracy: 0, callsPerTask: 0 });
  });

  it("bounds any rule for the winner by the right answers proposed, round 1 on its own", () => {
    const round = (winner: string, proposed: string[], calls = 6) => ({ winner, proposed, calls, tokens: 0, ms: 0 });
    const rounds = [
      // A right proposal in round 1 that lost: the bound counts it after round 1.
      [round("8", ["8", "7", "7"]), round("8", ["8", "8", "7"])],
      // Right only from round 2: 12 calls.
      [round("3", ["3", "4", "5"]), round("2", ["2", "3", "5"], 5)],
      // Never proposed.
      [round("1", ["1", "1", "9"]), round("1", ["1", "1", "1"])],
    ];
    const bound = answerBound(rounds, ["7", "2", "4"]);
    assert.equal(bound.firstRound, 1 / 3);
    assert.equal(bound.accuracy, 2 / 3);
    assert.equal(bound.callsPerTask, (6 + 11 + 6) / 3);
  });

  it("scores every column at every budget from prefixes of the same samples", () => {
    const task = (reference: string, winners: string[], adaptive: string[], panel: string[][], consistency: string[]): TaskRecord => ({
      id: reference, reference,
      rounds: winners.map((winner) => ({ winner, proposed: [winner], calls: 4, tokens: 100, ms: 50 })),
      adaptive: adaptive.map((winner) => ({ winner, proposed: [winner], calls: 4, tokens: 100, ms: 50 })),
      panel: panel.map((m) => m.map((x) => s(x, x === reference ? 0.9 : 0.4))),
      consistency: consistency.map((x, i) => s(x, 0.5, 10, i + 1)),
    });
    const tasks = [
      // At 2 calls (one sample each) the tie goes to member 0's 9; at 4 the panel's 10s win.
      // Self-consistency: ties at 2 and 4 samples go to its first answer, 10.
      task("10", ["9", "10"], ["9"], [["9", "10"], ["10", "10"]], ["10", "9", "10", "9"]),
      // Everyone right but self-consistency at 4 samples (two 6s).
      task("5", ["5", "5"], ["5", "5"], [["5", "5"], ["5", "4"]], ["5", "6", "6", "7"]),
    ];
    const byName = Object.fromEntries(scoreColumns(tasks, 2, [2, 4]).map((c) => [c.name, c]));
    assert.deepEqual(Object.keys(byName), [
      "best single",
      "self-consistency @2", "majority @2", "confidence-weighted @2", "weighted-history @2",
      "self-consistency @4", "majority @4", "confidence-weighted @4", "weighted-history @4",
      "concord 1 round", "concord 2 rounds", "concord adaptive",
    ]);
    const pick = (name: string) => { const c = byName[name]!; return [c.correct, c.calls, c.callsPerTask, c.tokens]; };
    assert.deepEqual(pick("best single"), [2, 2, 1, 20]);
    assert.deepEqual(pick("self-consistency @2"), [2, 4, 2, 40]);
    assert.deepEqual(pick("self-consistency @4"), [1, 8, 4, 80]);
    assert.deepEqual(pick("majority @2"), [1, 4, 2, 40]);
    assert.deepEqual(pick("majority @4"), [2, 8, 4, 80]);
    assert.equal(byName["confidence-weighted @2"]!.correct, 2, "0.9 for the right 10 beats 0.4 for the 9");
    assert.deepEqual(pick("concord 1 round"), [1, 8, 4, 200]);
    assert.deepEqual(pick("concord 2 rounds"), [2, 16, 8, 400]);
    // Adaptive: one round on the first task, two on the second.
    assert.deepEqual(pick("concord adaptive"), [1, 12, 6, 300]);
    // A task's samples are asked at once: it costs its slowest sample.
    assert.equal(byName["self-consistency @4"]!.wallMs, 8);
    assert.deepEqual([byName["concord 2 rounds"]!.kind, byName["weighted-history @4"]!.kind], ["concord", "weighted-history"]);
  });

  it("takes a budget's panel samples as each member's prefix, spread evenly", () => {
    const t: TaskRecord = { id: "x", reference: "1", rounds: [], adaptive: [], panel: [["1", "2", "3"].map((x) => s(x)), ["4", "5", "6"].map((x) => s(x))], consistency: [] };
    assert.deepEqual(panelSamples(t, 3).map((m) => m.map((x) => x.solution)), [["1", "2"], ["4"]]);
  });

  it("scores a task whose session failed (no rounds) as wrong", () => {
    const failed: TaskRecord = { id: "x", reference: "1", rounds: [], adaptive: [], panel: [[s("1")], [s("1")]], consistency: [s("1")] };
    const concord = scoreColumns([failed], 1, [2]).find((c) => c.name === "concord 1 round")!;
    assert.deepEqual([concord.correct, concord.calls], [0, 0]);
  });

  it("marks the columns no other beats on both accuracy and calls per task", () => {
    const cols = [
      { callsPerTask: 1, accuracy: 0.7 }, { callsPerTask: 6, accuracy: 0.8 }, { callsPerTask: 6, accuracy: 0.75 },
      { callsPerTask: 12, accuracy: 0.8 }, { callsPerTask: 18, accuracy: 0.9 }, { callsPerTask: 6, accuracy: 0.8 },
    ];
    assert.deepEqual(paretoFront(cols), [true, true, false, false, true, true]);
  });
});

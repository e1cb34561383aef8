// A session's random draws (mask order, peer labels) come from its secret seed: the same seed and
// context give the same order (an orchestrator resuming the session asks what was asked before),
// while every order stays equally likely and another session's seed draws differently.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildProposeResult } from "@concord/agent-sdk/agent";
import type { EvaluateResult } from "@concord/agent-sdk/protocol";
import { keyedDraws, newDrawSeed } from "@concord/orchestrator/rounds/draws.ts";
import { buildFeedback } from "@concord/orchestrator/rounds/feedback.ts";
import { maskFor } from "@concord/orchestrator/rounds/masking.ts";
import type { TalliedRound } from "@concord/orchestrator/state/round-outcome.ts";

const PANEL = 5;
const task = { sessionId: "9", round: 1, task: "Ada has 5 apples. How many apples does Ada have now?", deadline: Date.now() + 60_000 };
const proposals = Array.from({ length: PANEL }, (_, i) => buildProposeResult(`agent${i}`, task, { thoughtProcess: `step ${i}`, solution: String(i) }));

/** Who evaluator `e` sees under each label, in label order. */
const maskOrder = (seed: `0x${string}`, round: number, e: number) =>
  maskFor(e, proposals, keyedDraws(seed).shuffleFor("mask", round, e)).candidates.map((c) => c.solution);

/** A tallied round whose ballots differ per pair, so the feedback's score matrix shows who got which peer label. */
function talliedRound(round: number): TalliedRound {
  return {
    round, proposals, durationMs: 1, absent: [], present: proposals.map((_, i) => i), winnerIndex: 0,
    evaluations: proposals.map(() => ({ evaluations: [] }) as unknown as EvaluateResult),
    authorOf: proposals.map(() => new Map()),
    ballots: proposals.map((_, e) => proposals.map((__, p) => (e === p ? 0 : 10 * e + p))),
    scores: proposals.map(() => 0),
  };
}

describe("session draws", () => {
  it("give the same mask and the same feedback labels again from the same seed (a resumed session)", () => {
    const seed = newDrawSeed();
    for (let round = 1; round <= 3; round++) {
      for (let e = 0; e < PANEL; e++) {
        assert.deepEqual(maskOrder(seed, round, e), maskOrder(seed, round, e));
        const [first, again] = [keyedDraws(seed), keyedDraws(seed)].map((draws) => buildFeedback(e, talliedRound(round), draws));
        assert.deepEqual(again, first);
      }
    }
  });

  it("differ between evaluators, rounds and sessions", () => {
    const seed = newDrawSeed();
    const orders = new Set<string>();
    for (let round = 1; round <= 4; round++) for (let e = 0; e < PANEL; e++) orders.add(maskOrder(seed, round, e).join());
    // 20 draws of 4 candidates (24 orders each): all alike would be a broken draw.
    assert.ok(orders.size > 5, `only ${orders.size} distinct orders`);
    const other = newDrawSeed();
    const differs = Array.from({ length: PANEL }, (_, e) => maskOrder(seed, 1, e).join() !== maskOrder(other, 1, e).join());
    assert.ok(differs.some(Boolean), "another session's seed draws other orders");
    const matrices = new Set(Array.from({ length: 8 }, () => JSON.stringify(buildFeedback(0, talliedRound(1), keyedDraws(newDrawSeed()))!.scoreMatrix)));
    assert.ok(matrices.size > 1, "peer labels depend on the seed");
  });

  it("draw the same order on every machine and version: a fixed seed's order is pinned (a change would re-mask resumed phases)", () => {
    const order = keyedDraws(`0x${"5a".repeat(32)}`).shuffleFor("mask", 1, 0)([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(order, [4, 7, 2, 0, 8, 5, 9, 1, 3, 6]);
  });

  it("draw every order of three candidates equally often (fixed seed, 6 000 contexts)", () => {
    const draws = keyedDraws(`0x${"5a".repeat(32)}`);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6_000; i++) {
      const order = draws.shuffleFor("uniformity", i)(["a", "b", "c"]).join("");
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    assert.equal(counts.size, 6);
    // Expected 1 000 each, standard deviation about 29: five of them either side.
    for (const [order, n] of counts) assert.ok(n > 855 && n < 1_145, `${order}: ${n}`);
  });
});

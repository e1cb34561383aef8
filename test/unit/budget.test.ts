import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { NO_SPEND, overrun, phaseDeadline, predictRound, usageSpend } from "@concord/agent-sdk/protocol";

describe("budget", () => {
  it("adds reported usage; absent usage counts as zero", () => {
    const spend = usageSpend([{ promptTokens: 10, completionTokens: 5, costUsd: 0.5 }, undefined, { promptTokens: 1, completionTokens: 1 }], 70);
    assert.deepEqual(spend, { elapsedMs: 70, tokens: 17, costUsd: 0.5 });
  });
  it("predicts the next round as the most expensive past round, per dimension", () => {
    assert.deepEqual(
      predictRound([{ elapsedMs: 100, tokens: 5, costUsd: 0.2 }, { elapsedMs: 50, tokens: 9, costUsd: 0.1 }]),
      { elapsedMs: 100, tokens: 9, costUsd: 0.2 },
    );
    assert.deepEqual(predictRound([]), NO_SPEND);
  });
  it("names the budget a further round would overrun", () => {
    const spent = { elapsedMs: 900, tokens: 80, costUsd: 0.8 };
    const next = { elapsedMs: 100, tokens: 20, costUsd: 0.2 };
    assert.equal(overrun({ wallClockMs: 1_000, tokens: 100, costUsd: 1 }, spent, next), undefined, "exactly at the limit is affordable");
    assert.equal(overrun({ wallClockMs: 999 }, spent, next), "wall-clock");
    assert.equal(overrun({ tokens: 99 }, spent, next), "tokens");
    assert.equal(overrun({ costUsd: 0.99 }, spent, next), "cost");
    assert.equal(overrun({}, spent, next), undefined, "no budget, no limit");
  });
  it("cuts a phase's deadline to what the wall-clock budget has left", () => {
    assert.equal(phaseDeadline(1_000, 30_000, {}, NO_SPEND), 31_000);
    assert.equal(phaseDeadline(1_000, 30_000, { wallClockMs: 5_000 }, { ...NO_SPEND, elapsedMs: 4_000 }), 2_000);
    assert.equal(phaseDeadline(1_000, 30_000, { wallClockMs: 5_000 }, { ...NO_SPEND, elapsedMs: 9_000 }), 1_000);
  });
});

// The chat gateway's money and cost accounting: its rolling spend allowance and the tokens a
// deliberation reports as OpenAI usage.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SpendAllowance } from "@concord/orchestrator/gateway/spend-allowance.ts";
import { sessionUsage } from "@concord/orchestrator/gateway/session-usage.ts";

describe("SpendAllowance", () => {
  const HOUR = 3_600_000;
  function clock(start = 1_000_000) {
    const c = { now: start };
    return { c, now: () => c.now };
  }

  it("grants reservations while the window has room, and refuses the one that would overshoot", () => {
    const { now } = clock();
    const allowance = new SpendAllowance(25n, HOUR, now);
    assert.equal(allowance.reserve(10n).granted, true);
    assert.equal(allowance.reserve(10n).granted, true);
    const refused = allowance.reserve(10n);
    assert.equal(refused.granted, false);
    assert.equal(!refused.granted && refused.spent, 20n);
    assert.equal(!refused.granted && refused.limit, 25n);
    assert.equal(allowance.reserve(5n).granted, true, "an amount that fits exactly is granted");
    assert.equal(allowance.spent(), 25n);
  });

  it("gives a released reservation back (a request refused before anything was paid)", () => {
    const { now } = clock();
    const allowance = new SpendAllowance(10n, HOUR, now);
    const first = allowance.reserve(10n);
    assert.ok(first.granted);
    assert.equal(allowance.reserve(1n).granted, false);
    first.reservation.release();
    assert.equal(allowance.spent(), 0n);
    assert.equal(allowance.reserve(10n).granted, true);
  });

  it("lets spends leave the window as it rolls, and says when room comes back", () => {
    const { c, now } = clock();
    const allowance = new SpendAllowance(10n, HOUR, now);
    const start = c.now;
    assert.ok(allowance.reserve(6n).granted);
    c.now += HOUR / 2;
    assert.ok(allowance.reserve(4n).granted);
    const refused = allowance.reserve(1n);
    assert.equal(!refused.granted && refused.retryAt, start + HOUR, "room comes back when the oldest spend leaves");
    c.now = start + HOUR + 1;
    assert.equal(allowance.spent(), 4n);
    assert.equal(allowance.reserve(6n).granted, true);
  });

  it("refuses a single request larger than the whole limit", () => {
    const allowance = new SpendAllowance(5n, HOUR, clock().now);
    assert.equal(allowance.reserve(6n).granted, false);
    assert.equal(allowance.spent(), 0n);
  });
});

describe("sessionUsage", () => {
  const usage = (promptTokens: number, completionTokens: number) => ({ promptTokens, completionTokens });
  it("sums every proposal's and evaluation's reported tokens over every round", () => {
    const rounds = [
      { proposals: [{ usage: usage(10, 5) }, null, { usage: usage(1, 2) }], evaluations: [{ usage: usage(3, 4) }, { usage: undefined }, null] },
      { proposals: [{ usage: usage(100, 50) }], evaluations: [{ usage: usage(7, 0) }] },
    ];
    assert.deepEqual(sessionUsage({ rounds } as never), { prompt_tokens: 121, completion_tokens: 61, total_tokens: 182 });
  });

  it("is zero for agents that report nothing, and for a session with no stored rounds", () => {
    assert.deepEqual(sessionUsage({ rounds: [{ proposals: [{}], evaluations: [null] }] } as never), { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    assert.deepEqual(sessionUsage(undefined), { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });
});

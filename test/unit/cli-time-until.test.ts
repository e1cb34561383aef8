// How the command line states the time left until a deadline.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { timeUntil } from "@concord/orchestrator/cli/time-until.ts";

describe("timeUntil", () => {
  it("rounds up to the minute, so a deadline seconds away is never 'in 0 min'", () => {
    assert.equal(timeUntil(1n), "in 1 min");
    assert.equal(timeUntil(0n), "in 1 min");
    assert.equal(timeUntil(61n), "in 2 min");
    assert.equal(timeUntil(3_540n), "in 59 min");
  });
  it("states hours and minutes from an hour, days from two", () => {
    assert.equal(timeUntil(3_600n), "in 1 h");
    assert.equal(timeUntil(7_500n), "in 2 h 5 min");
    assert.equal(timeUntil(3n * 86_400n), "in 3 days");
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseEther } from "viem";
import { absoluteTime, amountText, pastTime, relativeTime, roundDecimal, shortAddress, timeLeft } from "@concord/app/lib/format.ts";

describe("app/lib/format", () => {
  describe("roundDecimal", () => {
    it("keeps four decimals when there is an integer part, rounding half up", () => {
      assert.equal(roundDecimal("1.23456789"), "1.2346");
      assert.equal(roundDecimal("1234.00004"), "1234");
      assert.equal(roundDecimal("9.99996"), "10");
      assert.equal(roundDecimal("2.5"), "2.5");
    });
    it("keeps four significant digits of a fraction below one", () => {
      assert.equal(roundDecimal("0.000123456"), "0.0001235");
      assert.equal(roundDecimal("0.333333333333333333"), "0.3333");
      assert.equal(roundDecimal("0.00009999999"), "0.0001");
      assert.equal(roundDecimal("0"), "0");
      assert.equal(roundDecimal("-0.123456"), "-0.1235");
    });
  });
  it("shows an 18-decimal amount rounded, and exactly for the hover", () => {
    const amount = parseEther("0.333333333333333333");
    assert.deepEqual(amountText(amount, { symbol: "ETH", decimals: 18 }), { text: "0.3333 ETH", exact: "0.333333333333333333 ETH" });
    assert.deepEqual(amountText(1_500_000n, { symbol: "USDC", decimals: 6 }), { text: "1.5 USDC", exact: "1.5 USDC" });
  });
  it("shortens an address to its first and last hex digits", () => {
    assert.equal(shortAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), "0xf39F…2266");
  });
  it("says how long ago or how soon, and the absolute time in UTC", () => {
    const now = Date.UTC(2026, 11, 6, 12, 0, 0);
    assert.equal(relativeTime(now - 3_000, now), "just now");
    assert.equal(relativeTime(now - 45_000, now), "45 s ago");
    assert.equal(relativeTime(now - 3 * 60_000 - 20_000, now), "3 min ago");
    assert.equal(relativeTime(now + 2 * 3600_000, now), "in 2 h");
    assert.equal(relativeTime(now - 86_400_000, now), "1 day ago");
    assert.equal(relativeTime(now - 3 * 86_400_000, now), "3 days ago");
    assert.equal(absoluteTime(now), "2026-12-06 12:00:00 UTC");
  });
  it("counts down to a moment in seconds, then minutes, never below zero", () => {
    assert.equal(timeLeft(29.2), "in 30 s");
    assert.equal(timeLeft(119), "in 119 s");
    assert.equal(timeLeft(120), "in 2 min");
    assert.equal(timeLeft(3_599), "in 60 min");
    assert.equal(timeLeft(-4), "in 0 s");
  });
  it("says a mined block's time in the past even when the chain's clock runs ahead of the browser's", () => {
    const now = Date.UTC(2026, 11, 6, 12, 0, 0);
    assert.equal(pastTime(now + 10_000, now), "just now");
    assert.equal(pastTime(now + 2 * 3600_000, now), "just now");
    assert.equal(pastTime(now - 3 * 60_000, now), "3 min ago");
  });
});

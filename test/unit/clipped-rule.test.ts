import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { clippedSettlement, proposedRule, roundTerms } from "@concord/bench/incentives/clipped.ts";
import { consensusPayouts, measureCase } from "@concord/bench/incentives/measure.ts";
import type { Deliberation } from "@concord/bench/incentives/payout-rule.ts";
import { randomBallot, rng } from "@concord/bench/incentives/ballot-space.ts";
import { honestDeliberation, SCENARIOS, sharedOperator, targetsOf } from "@concord/bench/incentives/scenarios.ts";

/** A deliberation of `rounds` rounds whose every ballot is a seeded random one the contract accepts. */
function randomDeliberation(n: number, rounds: number, seed: number, operators = Array.from({ length: n }, (_, i) => i)): Deliberation {
  const random = rng(seed);
  const entries = Array.from({ length: n }, (_, i) => i);
  return {
    n,
    operators,
    rounds: Array.from({ length: rounds }, () => ({
      entries,
      votes: entries.map((e) => {
        const targets = targetsOf(operators, e);
        const ballot = new Array<number>(n).fill(0);
        randomBallot(targets.length, random).forEach((v, k) => (ballot[targets[k]!] = v));
        return ballot;
      }),
    })),
  };
}

/** The same deliberation with agent `agent`'s ballot in round `round` replaced. */
function withBallot(d: Deliberation, round: number, agent: number, ballot: number[]): Deliberation {
  return { ...d, rounds: d.rounds.map((r, i) => (i !== round ? r : { ...r, votes: r.votes.map((b, e) => (e === agent ? ballot : b)) })) };
}

/** Dust: each payout is floored to 0.001 ‰, so the payouts lose less than 0.001 ‰ each. */
const DUST = 0.001;

describe("proposed rule (median support, constant denominator: economics.md §6)", () => {
  it("conserves the net: payouts + treasury = 1000 ‰; each payout is (1000 / n) · mean quality less at most 0.001 ‰ of floor dust (floating point can make it exactly 0.001)", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const n = 2 + (seed % 9);
      const d = randomDeliberation(n, 1 + (seed % 3), seed);
      const { payouts, treasury } = clippedSettlement(d);
      assert.ok(Math.abs(payouts.reduce((a, b) => a + b, 0) + treasury - 1000) < 1e-9);
      const quality = new Array<number>(n).fill(0);
      d.rounds.forEach((_, r) => roundTerms(d, r).quality.forEach((q, i) => (quality[i]! += q / d.rounds.length)));
      payouts.forEach((p, i) => {
        const exact = (1000 / n) * quality[i]!;
        assert.ok(p <= exact + 1e-9 && exact - p <= DUST + 1e-9, `${p} against ${exact}`);
        assert.ok(p >= 0 && p <= 1000 / n + 1e-9);
      });
      // The treasury takes the unallocated part and the dust: never negative.
      assert.ok(treasury >= -1e-9);
    }
  });

  it("pays 1000 / n to every agent when every vote is +maxVote, so nothing but dust reaches the treasury", () => {
    for (const n of [3, 4, 5, 10]) {
      const d: Deliberation = { n, operators: Array.from({ length: n }, (_, i) => i), rounds: [{ entries: Array.from({ length: n }, (_, i) => i), votes: Array.from({ length: n }, (_, e) => Array.from({ length: n }, (_, c) => (c === e ? 0 : 100))) }] };
      const { payouts, treasury } = clippedSettlement(d);
      for (const p of payouts) assert.ok(Math.abs(p - 1000 / n) <= DUST);
      assert.ok(treasury < n * DUST);
    }
  });

  it("an agent's own ballot never changes its own payout", () => {
    const random = rng(7);
    for (let seed = 1; seed <= 60; seed++) {
      const n = 3 + (seed % 4);
      const operators = seed % 2 ? sharedOperator(n, [0, 1]) : Array.from({ length: n }, (_, i) => i);
      const d = randomDeliberation(n, 2, seed, operators);
      for (let agent = 0; agent < n; agent++) {
        const targets = targetsOf(operators, agent);
        const before = proposedRule.payouts(d)[agent];
        for (let trial = 0; trial < 5; trial++) {
          const ballot = new Array<number>(n).fill(0);
          randomBallot(targets.length, random).forEach((v, k) => (ballot[targets[k]!] = v));
          assert.equal(proposedRule.payouts(withBallot(d, trial % 2, agent, ballot))[agent], before);
        }
      }
    }
  });

  it("lowering a rival never raises anyone else's payout (constant denominator)", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const n = 3 + (seed % 3);
      const d = randomDeliberation(n, 1, seed);
      const before = proposedRule.payouts(d);
      const ballot = d.rounds[0]!.votes[0]!.map((v, c) => (c === 1 ? Math.max(-100, v - 50) : v));
      const after = proposedRule.payouts(withBallot(d, 0, 0, ballot));
      for (let i = 0; i < n; i++) if (i !== 1) assert.equal(after[i], before[i]);
      assert.ok(after[1]! <= before[1]!);
    }
  });

  it("the consensus winner earns at least as much as every other agent (they tie: all hold the final position)", () => {
    for (const n of [3, 4, 5]) {
      const { winner, bestOther } = consensusPayouts(proposedRule, n);
      assert.ok(winner >= bestOther, `n = ${n}: ${winner} < ${bestOther}`);
    }
  });

  it("ties share: agents the panel rates alike are paid alike, whatever their proposal-hash order", () => {
    for (const scenario of SCENARIOS) {
      for (const n of [3, 4, 5]) {
        const payouts = proposedRule.payouts(honestDeliberation(scenario, n, 2));
        // The first ⌊n/2⌋ + 1 (split) or the first n − 1 (one-wrong) or all (consensus) are rated alike.
        const alike = scenario === "consensus" ? n : scenario === "split" ? Math.floor(n / 2) + 1 : n - 1;
        for (let i = 1; i < alike; i++) assert.equal(payouts[i], payouts[0], `${scenario}, n = ${n}`);
      }
    }
  });

  it("weighs every round alike: a round's ballots move the payout by at most (1000 / n) / R", () => {
    const d = randomDeliberation(4, 2, 3);
    const top = withBallot(withBallot(withBallot(d, 1, 0, [0, 100, 0, 0]), 1, 2, [0, 100, 0, 0]), 1, 3, [0, 100, 0, 0]);
    const bottom = withBallot(withBallot(withBallot(d, 1, 0, [0, -100, 0, 0]), 1, 2, [0, -100, 0, 0]), 1, 3, [0, -100, 0, 0]);
    const swing = proposedRule.payouts(top)[1]! - proposedRule.payouts(bottom)[1]!;
    assert.ok(Math.abs(swing - 1000 / 4 / 2) <= 2 * DUST, `${swing}`);
  });

  describe("the best-response search at n = 3", () => {
    it("finds no gain for one agent or one operator's agents in any scenario, nor for a pair under consensus", () => {
      for (const scenario of SCENARIOS) {
        for (const kind of ["one agent", "operator"] as const) {
          const measured = measureCase(proposedRule, 3, scenario, 1, kind);
          assert.equal(measured.gain, 0, `${kind}, ${scenario}`);
          assert.equal(measured.fromZero, undefined);
        }
      }
      assert.equal(measureCase(proposedRule, 3, "consensus", 2, "pair").gain, 0);
    });

    it("still finds the pair gain it cannot close at n = 3: the minority partner lifts its friend to the majority's vote", () => {
      const measured = measureCase(proposedRule, 3, "split", 1, "pair");
      assert.ok(measured.gain > 100, `gain ${measured.gain} %`);
      assert.deepEqual(measured.worst!.coalition, [0, 2]);
    });
  });
});

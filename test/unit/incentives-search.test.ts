import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CREDITS } from "@concord/bench/incentives/ballot-space.ts";
import { dipRule } from "@concord/bench/incentives/dip.ts";
import { dipV1Rule } from "@concord/bench/incentives/dip-v1.ts";
import { consensusPayouts, measureCase, subsets } from "@concord/bench/incentives/measure.ts";
import type { PayoutRule } from "@concord/bench/incentives/payout-rule.ts";
import { honestDeliberation, SCENARIOS, sharedOperator } from "@concord/bench/incentives/scenarios.ts";
import { applyBallots, gainPercent, searchDeviation } from "@concord/bench/incentives/search.ts";

const close = (actual: number, expected: number, within = 0.01) =>
  assert.ok(Math.abs(actual - expected) <= within, `${actual} is not within ${within} of ${expected}`);

/** Pays every agent the same, whatever the ballots. */
const equalRule: PayoutRule = { name: "equal", payouts: ({ n }) => new Array<number>(n).fill(1000 / n) };

/** Pays agent i 1000‰ less 10‰ per vote its last ballot gives agent i+1 away from 37: optimum 37, off every grid. */
const thirtySevenRule: PayoutRule = {
  name: "vote 37",
  payouts: ({ n, rounds }) => Array.from({ length: n }, (_, i) => Math.max(0, 1000 - 10 * Math.abs(rounds.at(-1)!.votes[i]![(i + 1) % n]! - 37))),
};

/** Pays agents A and B 500‰ each only if both give C at most −90: no single ballot gains. */
const jointRule: PayoutRule = {
  name: "joint",
  payouts: ({ n, rounds }) => {
    const votes = rounds.at(-1)!.votes;
    const both = votes[0]![2]! <= -90 && votes[1]![2]! <= -90;
    return Array.from({ length: n }, (_, i) => (both && i < 2 ? 500 : 0));
  },
};

describe("incentive search", () => {
  describe("against the first DIP rule (v1, replaced on chain)", () => {
    it("reports as honest the rule's payout for the honest ballots", () => {
      for (const scenario of SCENARIOS) {
        const honest = honestDeliberation(scenario, 4, 2);
        const payouts = dipV1Rule.payouts(honest);
        const result = searchDeviation(dipV1Rule, honest, [1, 3]);
        assert.equal(result.honest, payouts[1]! + payouts[3]!);
        assert.ok(result.best >= result.honest);
      }
    });

    it("finds the review's exploit at n = 3: a ballot worth ≥ 790‰ against an honest 367‰", () => {
      const honest = honestDeliberation("consensus", 3, 1);
      const result = searchDeviation(dipV1Rule, honest, [1]);
      close(result.honest, 366.667);
      assert.ok(result.best >= 790, `best ${result.best}‰`);
      assert.ok(gainPercent(result) > 100);
      // The deviation is to vote both peers down to a zero score, leaving itself all the support.
      const [ballot] = result.ballots;
      assert.ok(ballot!.votes.every((v) => v < 0), `${ballot!.votes}`);
      // The reported ballots earn the reported payout.
      assert.equal(dipV1Rule.payouts(applyBallots(honest, result.ballots))[1], result.best);
    });

    it("paid the consensus winner 0.8/n of the net and every other agent 0.8/n + 0.2/(n − 1)", () => {
      close(consensusPayouts(dipV1Rule, 3).winner, 266.667);
      close(consensusPayouts(dipV1Rule, 3).bestOther, 366.667);
      for (const n of [4, 5]) {
        const { winner, bestOther } = consensusPayouts(dipV1Rule, n);
        close(winner, 800 / n);
        close(bestOther, 800 / n + 200 / (n - 1));
      }
    });

    it("finds a profitable deviation for each kind of coalition at n = 3", () => {
      for (const kind of ["one agent", "pair", "operator"] as const) {
        const measured = measureCase(dipV1Rule, 3, "consensus", 1, kind);
        assert.ok(measured.gain > 2, `${kind}: gain ${measured.gain} %`);
      }
    });
  });

  describe("against the DIP rule on chain", () => {
    it("finds no gain for one agent or one operator's agents, in every scenario at n = 3 and 4", () => {
      for (const n of [3, 4]) {
        for (const scenario of SCENARIOS) {
          for (const kind of ["one agent", "operator"] as const) {
            const measured = measureCase(dipRule, n, scenario, 1, kind);
            assert.equal(measured.gain, 0, `n = ${n}, ${scenario}, ${kind}`);
            assert.equal(measured.fromZero, undefined, `n = ${n}, ${scenario}, ${kind}: paid 0, gains`);
          }
        }
      }
    });

    it("finds the pair gain that no evaluation-paying rule can avoid at n = 3, and none at n = 4 (an odd count of evaluators)", () => {
      assert.ok(measureCase(dipRule, 3, "split", 1, "pair").gain > 2);
      for (const scenario of SCENARIOS) assert.equal(measureCase(dipRule, 4, scenario, 1, "pair").gain, 0, scenario);
    });

    it("pays the consensus winner exactly what every other agent gets: the whole net, shared", () => {
      for (const n of [3, 4, 5]) {
        const { winner, bestOther } = consensusPayouts(dipRule, n);
        close(winner, 1000 / n);
        close(bestOther, 1000 / n);
      }
    });
  });

  describe("with a toy rule plugged in", () => {
    it("finds no gain under a rule that pays everyone equally", () => {
      for (const kind of ["one agent", "pair", "operator"] as const) {
        for (const scenario of SCENARIOS) {
          const measured = measureCase(equalRule, 3, scenario, 2, kind);
          assert.equal(measured.gain, 0, `${kind}, ${scenario}`);
          assert.equal(measured.worst!.best, measured.worst!.honest);
          assert.equal(measured.fromZero, undefined);
        }
      }
    });

    it("finds the exact optimum of a rule whose optimum lies off the grid", () => {
      for (const n of [3, 4, 5]) {
        const result = searchDeviation(thirtySevenRule, honestDeliberation("split", n, 1), [1]);
        assert.equal(result.best, 1000, `n = ${n}`);
        const [ballot] = result.ballots;
        assert.equal(ballot!.votes[ballot!.targets.indexOf(2)], 37);
      }
    });

    it("finds a pair's joint optimum that neither ballot reaches alone", () => {
      const honest = honestDeliberation("consensus", 3, 1);
      assert.equal(searchDeviation(jointRule, honest, [0]).best, 0);
      const pair = searchDeviation(jointRule, honest, [0, 1]);
      const paid = jointRule.payouts(applyBallots(honest, pair.ballots));
      assert.equal(paid[0]! + paid[1]!, pair.best);
      assert.equal(pair.honest, 0);
      assert.equal(pair.best, 1000);
      assert.equal(gainPercent(pair), Infinity);
    });

    it("searches only ballots the contract accepts: no self or same-operator vote, Σ v² ≤ credits", () => {
      const group = [0, 2];
      const honest = honestDeliberation("one-wrong", 4, 2, sharedOperator(4, group));
      const result = searchDeviation(thirtySevenRule, honest, group);
      assert.equal(result.ballots.length, 4);
      for (const ballot of result.ballots) {
        assert.deepEqual(ballot.targets, [1, 3]);
        assert.ok(ballot.votes.reduce((s, v) => s + v * v, 0) <= CREDITS);
      }
      for (const round of honest.rounds) for (const e of group) for (const c of group) assert.equal(round.votes[e]![c], 0);
    });
  });

  it("lists subsets in lexicographic order", () => {
    assert.deepEqual(subsets(4, 2), [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
    assert.deepEqual(subsets(3, 3), [[0, 1, 2]]);
  });
});

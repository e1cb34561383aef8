// Evaluation weights, attacked on the rule's mirror (bench/src/incentives/dip.ts, which the
// contract tests hold Sessions to): what a colluding pair can do to round-1 endorsements (the
// only thing that moves a weight), and that an agent's own weight never reaches its own score.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { roundTermsWeight, roundTermsWeights, tallyScores } from "@concord/agent-sdk/protocol";
import { endorsedInRoundOne, evaluationWeight, fairVote } from "@concord/bench/incentives/dip.ts";
import { roundOutcome } from "@concord/bench/incentives/payout-rule.ts";
import { seededRandom } from "@concord/agent-sdk/providers";

const CREDITS = 10_000;

/** Round 1 of an n-agent panel, one operator each: agent 0 and 1 collude, the rest vote `honest(c)` for c. */
function endorsements(n: number, pairVotes: (e: number, c: number) => number, honest: (c: number) => number): boolean[] {
  const votes = Array.from({ length: n }, (_, e) =>
    Array.from({ length: n }, (_, c) => (e === c ? 0 : e < 2 ? pairVotes(e, c) : honest(c))));
  return endorsedInRoundOne({ n, credits: CREDITS, operators: Array.from({ length: n }, (_, i) => i), rounds: [{ entries: [...Array(n).keys()], votes }] });
}

/** Every pair strategy from a grid of votes: each pair member's vote for each target in `grid`. */
function* pairStrategies(n: number, grid: readonly number[]): Generator<(e: number, c: number) => number> {
  const targets = n - 1; // each member votes for the n − 1 others
  const total = grid.length ** (2 * targets);
  for (let code = 0; code < total; code++) {
    yield (e, c) => {
      const slot = e * targets + (c < e ? c : c - 1);
      return grid[Math.floor(code / grid.length ** slot) % grid.length]!;
    };
  }
}

describe("evaluation weights", () => {
  it("starts at 1, grows with endorsements only, never faster than an always-endorsed history, and stays in [1, 15]", () => {
    assert.equal(evaluationWeight({ sessions: 0, endorsed: 0 }), 1, "a fresh agent (a Sybil) weighs 1");
    for (let s = 0; s <= 1_000; s++) {
      const best = evaluationWeight({ sessions: s, endorsed: s });
      assert.ok(best >= 1 && best <= 15);
      if (s > 0) assert.ok(best >= evaluationWeight({ sessions: s - 1, endorsed: s - 1 }), `session ${s}: an endorsement never lowers`);
      for (let e = 0; e < s; e++) {
        const w = evaluationWeight({ sessions: s, endorsed: e });
        assert.ok(w <= evaluationWeight({ sessions: s, endorsed: e + 1 }) && w <= best, `sessions ${s}, endorsed ${e}`);
        assert.ok(evaluationWeight({ sessions: s + 1, endorsed: e }) <= w, "a session without endorsement never raises");
      }
    }
    // The table: the log-odds weight of the shrunk endorsement rate.
    assert.deepEqual([0, 1, 5, 10, 20, 40, 100, 400].map((s) => evaluationWeight({ sessions: s, endorsed: s })), [1, 2, 4, 6, 7, 9, 13, 15]);
    assert.deepEqual([10, 40, 100, 400].map((s) => evaluationWeight({ sessions: s, endorsed: Math.floor(0.6 * s) })), [2, 2, 2, 3]);
    assert.equal(evaluationWeight({ sessions: 1_000_000, endorsed: 500_000 }), 1, "no better than chance: 1");
  });

  it("reads each agent's weight from the round terms' 4-bit lanes at bit 144", () => {
    const terms = (3n << 40n) | (7n << 144n) | (0n << 148n) | (14n << 152n);
    assert.deepEqual(roundTermsWeights(terms), [8, 1, 15]);
    assert.equal(roundTermsWeight(terms, 2), 15);
  });

  it("by random search: no weight, not even its own, changes what an agent's own score is made of", () => {
    const random = seededRandom("own-weight");
    for (let trial = 0; trial < 3_000; trial++) {
      const n = 2 + Math.floor(random() * 9);
      const ballots = Array.from({ length: n }, (_, e) => Array.from({ length: n }, (_, c) => (e === c ? 0 : Math.floor(random() * 201) - 100)));
      const weights = Array.from({ length: n }, () => 1 + Math.floor(random() * 15));
      const i = Math.floor(random() * n);
      const heavier = weights.map((w, k) => (k === i ? 16 - w + 1 : w));
      assert.equal(tallyScores(ballots, n, weights)[i], tallyScores(ballots, n, heavier)[i], `trial ${trial}`);
      // And the mirror agrees with the SDK's tally.
      assert.deepEqual(roundOutcome(n, { entries: [...Array(n).keys()], votes: ballots }, weights).scores, tallyScores(ballots, n, weights));
    }
  });

  it("by exhaustive search: a pair gets a bad answer endorsed only in a panel of 3 (its partner is half of its raters)", () => {
    for (let n = 3; n <= 6; n++) {
      const l = fairVote(CREDITS, n);
      // Honest agents endorse nobody in the pair (their answers are bad) and each other fully.
      const honest = (c: number) => (c < 2 ? -l : l);
      let farmed = false;
      for (const strategy of pairStrategies(n, [-l, 0, l])) {
        const e = endorsements(n, strategy, honest);
        if (e[0] || e[1]) farmed = true;
      }
      assert.equal(farmed, n === 3, `n = ${n}`);
    }
  });

  it("by exhaustive search: a pair denies an honest agent its endorsement only while it is more than half of that agent's raters (n ≤ 4)", () => {
    for (let n = 3; n <= 7; n++) {
      const l = fairVote(CREDITS, n);
      const honest = (c: number) => (c < 2 ? -l : l); // agents 2.. have good answers
      let denied = false;
      for (const strategy of pairStrategies(n, n <= 5 ? [-l, 0, l] : [-l, l])) {
        if (!endorsements(n, strategy, honest).slice(2).every(Boolean)) denied = true;
      }
      assert.equal(denied, n <= 4, `n = ${n}`);
    }
  });
});

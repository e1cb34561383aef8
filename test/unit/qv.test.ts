import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { endorsementsToVotes, isqrt, pickWinner, roundTermsVoteCredits, tallyScores, voteCost, VOTE_CREDITS } from "@concord/agent-sdk/protocol";
import type { Hex } from "viem";

const h = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;

describe("qv", () => {
  describe("isqrt", () => {
    it("floors square roots exactly around perfect squares", () => {
      for (const [n, r] of [[0n, 0n], [1n, 1n], [3n, 1n], [4n, 2n], [6666n, 81n], [9999n, 99n], [10_000n, 100n]] as const) {
        assert.equal(isqrt(n), r, `isqrt(${n})`);
      }
      for (let n = 0n; n < 5_000n; n++) {
        const r = isqrt(n);
        assert.ok(r * r <= n && (r + 1n) * (r + 1n) > n, `isqrt(${n}) = ${r}`);
      }
    });
    it("rejects negatives", () => assert.throws(() => isqrt(-1n), RangeError));
  });

  describe("endorsementsToVotes", () => {
    it("matches hand-computed votes: [80, -40] → [81, -57]", () => {
      // 80·10000/120 = 6666 → isqrt 81; 40·10000/120 = 3333 → isqrt 57.
      assert.deepEqual(endorsementsToVotes([80, -40], VOTE_CREDITS), [81, -57]);
    });
    it("gives one full-conviction candidate all 100 votes", () => assert.deepEqual(endorsementsToVotes([100], VOTE_CREDITS), [100]));
    it("spreads support: [50, 50] → [70, 70]", () => assert.deepEqual(endorsementsToVotes([50, 50], VOTE_CREDITS), [70, 70]));
    it("treats all-zero endorsements as no opinion", () => assert.deepEqual(endorsementsToVotes([0, 0, 0], VOTE_CREDITS), [0, 0, 0]));
    it("never spends more than the credits", () => {
      for (let a = -100; a <= 100; a += 7) {
        for (let b = -100; b <= 100; b += 11) {
          const votes = endorsementsToVotes([a, b, 33], VOTE_CREDITS);
          assert.ok(voteCost(votes) <= VOTE_CREDITS, `[${a}, ${b}, 33] → ${votes}`);
          votes.forEach((v) => assert.ok(Math.abs(v) <= 100));
        }
      }
    });
    describe("with a session's own credits", () => {
      it("matches hand-computed votes at 100 credits: [80, -40] → [8, -5]", () => {
        // 80·100/120 = 66 → isqrt 8; 40·100/120 = 33 → isqrt 5.
        assert.deepEqual(endorsementsToVotes([80, -40], 100n), [8, -5]);
      });
      it("never spends more than 100 or 1 credits", () => {
        for (const credits of [100n, 1n, 2n, 37n]) {
          for (let a = -100; a <= 100; a += 7) {
            for (let b = -100; b <= 100; b += 11) {
              const votes = endorsementsToVotes([a, b, 33], credits);
              assert.ok(voteCost(votes) <= credits, `${credits}: [${a}, ${b}, 33] → ${votes}`);
            }
          }
        }
      });
      it("gives a 1-credit ballot one vote of ±1 to a sole endorsement", () => {
        assert.deepEqual(endorsementsToVotes([0, -100], 1n), [0, -1]);
      });
    });
  });

  describe("roundTermsVoteCredits", () => {
    it("reads bits 64–79 of the RoundTerms word (contracts/libraries/RoundTerms.sol)", () => {
      const terms = (0x123456789an << 80n) | (100n << 64n) | (3n << 56n) | (1n << 48n) | (4n << 40n) | 0xffffffffffn;
      assert.equal(roundTermsVoteCredits(terms), 100);
      assert.equal(roundTermsVoteCredits(10_000n << 64n), 10_000);
      assert.equal(roundTermsVoteCredits((1n << 64n) | (0xffffn << 48n)), 1);
    });
  });

  describe("tallyScores and pickWinner", () => {
    it("sums each proposal's votes across evaluators", () => {
      assert.deepEqual(tallyScores([[0, 81, -57], [70, 0, 70], [-100, 100, 0]], 3), [-30, 181, 13]);
    });
    it("counts each ballot its evaluator's weight times", () =>
      assert.deepEqual(tallyScores([[0, 81, -57], [70, 0, 70], [-100, 100, 0]], 3, [2, 1, 3]), [-230, 462, -44]));
    it("picks the top score", () => assert.equal(pickWinner([-30, 181, 13], [h(1), h(2), h(3)]), 1));
    it("breaks a tie on the lower proposal hash, whatever the order", () => {
      assert.equal(pickWinner([50, 50, 10], [h(9), h(4), h(1)]), 1);
      assert.equal(pickWinner([50, 50, 10], [h(4), h(9), h(1)]), 0);
    });
  });
});

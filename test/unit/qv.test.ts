import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  endorsementsToVotes, isqrt, pickWinner, roundProposalsHash, roundTermsVoteCredits, tallyScores, voteCost, VOTE_CREDITS,
} from "@concord/agent-sdk/protocol";
import { keccak256, stringToHex, type Hex } from "viem";

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
    it("breaks a tie at the first tied proposal from proposalsHash mod P, in hash order round the end, whatever the order", () => {
      const hashes = [h(9), h(4), h(1)]; // ranks 2, 1, 0
      const start = Number(BigInt(roundProposalsHash(hashes)) % 3n);
      // Ranks 2 and 1 tie: rank 1 wins when s is 0 or 1 (reached first), rank 2 when s is 2.
      const expected = start === 2 ? 0 : 1;
      assert.equal(pickWinner([50, 50, 10], hashes), expected);
      assert.equal(pickWinner([50, 10, 50], [h(9), h(1), h(4)]), expected === 0 ? 0 : 2, "the same proposal, listed in another order");
    });

    it("gives a tie to the higher hash in some rounds and the lower in others: no proposer wins ties by grinding its hash", () => {
      // A proposer grinds its salt for the lowest hash (as the old rule rewarded) or the highest;
      // the others' hashes are unknown to it. Over many rounds where all P proposals tie, each
      // strategy wins about 1/P of them; under the old rule the lowest hash won every one.
      const random = (seed: string) => keccak256(stringToHex(seed));
      const TRIALS = 1_200;
      for (const count of [2, 3, 5, 10]) {
        for (const [strategy, own] of [["lowest", h(1)], ["highest", `0x${"f".repeat(64)}` as Hex]] as const) {
          let wins = 0;
          for (let t = 0; t < TRIALS; t++) {
            const others = Array.from({ length: count - 1 }, (_, i) => random(`${count}/${strategy}/${t}/${i}`));
            if (pickWinner(new Array(count).fill(70), [own, ...others]) === 0) wins++;
          }
          const share = wins / TRIALS;
          assert.ok(Math.abs(share - 1 / count) < 0.05, `P = ${count}, ${strategy} hash: won ${share.toFixed(3)} of the ties, not about ${(1 / count).toFixed(3)}`);
        }
      }
    });
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatVote, levelVote, payoutRule, standingRounds, type RoundRecordedEvent } from "@concord/agent-sdk/protocol";
import { dipSettlement, fairVote } from "../support/dip.ts";

const ETH = 10n ** 18n;
const all = (n: number) => (1n << BigInt(n)) - 1n;

describe("sdk/protocol/payout-rule", () => {
  describe("payoutRule", () => {
    it("pays every agent net/n on full consensus, leaving less than n wei unearned", () => {
      const n = 3, l = fairVote(10_000, 3); // 70
      const net = ETH - ETH / 100n;
      const rounds = [1, 2].map((round) => ({ round, levels: [2 * l, 2 * l, 2 * l], present: all(3) }));
      const rule = payoutRule({ net, rounds, agentCount: n, fairVote: l });
      assert.equal(rule.topQuality, 2 * 2 * l);
      for (const a of rule.agents) {
        assert.equal(a.payout, net / 3n);
        assert.equal(a.quality, rule.topQuality);
        assert.equal(a.sharePercent, 100);
        assert.deepEqual(a.rounds.map((r) => r.vote), [l, l]);
      }
      assert.ok(rule.unearned < 3n);
      assert.equal(rule.unearned, net - 3n * (net / 3n));
      assert.equal(rule.fairShare, net / 3n);
    });

    it("counts an absent round as level 0 and says it was absent", () => {
      const l = 70;
      const rounds = [
        { round: 1, levels: [140, 140, 140], present: all(3) },
        { round: 2, levels: [140, 0, 140], present: 0b101n },
      ];
      const rule = payoutRule({ net: 600n, rounds, agentCount: 3, fairVote: l });
      const b = rule.agents[1]!;
      assert.equal(b.quality, 140);
      assert.equal(b.sharePercent, 50);
      assert.equal(b.payout, 100n, "half of net/n = 200");
      assert.deepEqual(b.rounds[1], { round: 2, level: 0, vote: null, absent: true });
      assert.equal(rule.unearned, 100n);
    });

    it("floors like Sessions.settle: the reference rule's payouts for any levels", () => {
      let seed = 7;
      const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed);
      for (let trial = 0; trial < 200; trial++) {
        const n = 2 + (next() % 9), r = 1 + (next() % 6), credits = 1 + (next() % 10_000);
        const l = fairVote(credits, n);
        const bounty = BigInt(next()) * 10n ** BigInt(next() % 12) + 1n;
        const rounds = Array.from({ length: r }, (_, i) => ({ round: i + 1, levels: Array.from({ length: n }, () => next() % (2 * l + 1)) }));
        const quality = Array.from({ length: n }, (_, a) => BigInt(rounds.reduce((s, x) => s + x.levels[a]!, 0)));
        const reference = dipSettlement(bounty, 100n, quality, r, l);
        const rule = payoutRule({ net: bounty - reference.fee, rounds, agentCount: n, fairVote: l });
        assert.deepEqual(rule.agents.map((a) => a.payout), reference.payouts);
        assert.equal(rule.unearned, reference.unearned);
      }
    });

    it("reads a level of 0 without a present bitmap as a median vote of −L, not an absence", () => {
      const rule = payoutRule({ net: 100n, rounds: [{ round: 1, levels: [0, 4] }], agentCount: 2, fairVote: 2 });
      assert.deepEqual(rule.agents[0]!.rounds[0], { round: 1, level: 0, vote: -2, absent: false });
      assert.equal(rule.agents[1]!.payout, 50n);
      assert.equal(rule.unearned, 50n);
    });
  });

  describe("levelVote", () => {
    it("is the level less L: 2L stands for +L, L for 0, 0 for −L", () => {
      assert.equal(levelVote(140, 70), 70);
      assert.equal(levelVote(70, 70), 0);
      assert.equal(levelVote(0, 70), -70);
      assert.equal(formatVote(70), "+70");
      assert.equal(formatVote(0), "0");
      assert.equal(formatVote(-3), "-3");
    });
  });

  describe("standingRounds", () => {
    it("keeps the later event of a replaced round, per session, in chain order", () => {
      const event = (sessionId: bigint, round: number, outcome: bigint): RoundRecordedEvent =>
        ({ sessionId, round, outcome, winnerProposalHash: "0x", blockNumber: 0n, txHash: "0x" });
      const events = [event(1n, 1, 1n), event(1n, 2, 2n), event(2n, 2, 7n), event(1n, 2, 3n)];
      assert.deepEqual(standingRounds(events).map((e) => [e.sessionId, e.round, e.outcome]), [[1n, 1, 1n], [2n, 2, 7n], [1n, 2, 3n]]);
    });
  });
});

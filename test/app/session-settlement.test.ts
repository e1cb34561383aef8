import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { disputeNotice, ruleText, settlementView, shortfall, winnerNote } from "@concord/app/lib/session-settlement.ts";
import { agentLabels } from "@concord/app/lib/session-view.ts";

const agents = agentLabels([4n, 5n, 6n], ["ada", "bram", "chloe"]);

describe("app/lib/session-settlement", () => {
  describe("settlementView", () => {
    // n 3, L 70, net 840 wei: net/n = 280; two rounds, so the top quality is 280.
    const rounds = [
      { round: 1, levels: [140, 140, 140], present: 0b111n },
      { round: 2, levels: [140, 120, 0], present: 0b011n },
    ];
    const view = settlementView({ agents, rounds, payouts: [280n, 260n, 140n], unearned: 160n, fairVote: 70 });

    it("shows each agent by name with its median votes, quality and payout, equal to the rule's", () => {
      assert.equal(view.net, 840n);
      assert.equal(view.fairShare, 280n);
      assert.equal(view.topQuality, 280);
      assert.deepEqual(view.rows.map((r) => r.name), ["ada", "bram", "chloe"]);
      assert.deepEqual(view.rows.map((r) => r.rounds.map((x) => x.vote)), [[70, 70], [70, 50], [70, null]]);
      assert.deepEqual(view.rows.map((r) => r.quality), [280, 260, 140]);
      assert.deepEqual(view.rows.map((r) => r.rulePayout), view.rows.map((r) => r.payout));
      assert.equal(view.unearned, 160n);
    });

    it("says in plain words which round cost an agent what", () => {
      assert.deepEqual(view.rows[0]!.why, []);
      assert.deepEqual(view.rows[1]!.why, ["Round 2: its peers' median vote was +50, below L = 70: level 120 of 140."]);
      assert.deepEqual(view.rows[2]!.why, ["Round 2: absent, so it counts 0."]);
    });

    it("keeps the paid amount and the rule's apart when they differ (a stale round on the page)", () => {
      const stale = settlementView({ agents, rounds, payouts: [280n, 280n, 140n], unearned: 140n, fairVote: 70 });
      assert.equal(stale.rows[1]!.payout, 280n);
      assert.equal(stale.rows[1]!.rulePayout, 260n);
    });

    it("explains why the winner earned less than others, and says nothing when it earned the most", () => {
      assert.equal(winnerNote(view, 1),
        "bram's answer won, yet bram earned less than ada: the payout follows the votes its peers gave its proposal in every round, not who won the last one. " +
        "Round 2: its peers' median vote was +50, below L = 70: level 120 of 140.");
      assert.match(winnerNote(view, 2) ?? "", /^chloe's answer won, yet chloe earned less than ada and bram: .* Round 2: absent, so it counts 0\.$/);
      assert.equal(winnerNote(view, 0), undefined);
      assert.equal(winnerNote(view, undefined), undefined);
    });
  });

  describe("shortfall", () => {
    it("writes a level of 0 as the median vote −L or lower", () => {
      assert.deepEqual(shortfall({ round: 3, level: 0, vote: -14, absent: false }, 14), ["Round 3: its peers' median vote was -14 or lower, below L = 14: level 0 of 28."]);
      assert.deepEqual(shortfall({ round: 3, level: 28, vote: 14, absent: false }, 14), []);
    });
  });

  describe("ruleText", () => {
    it("states the rule with the session's L", () => {
      assert.match(ruleText(70), /net\/n × its mean level.*±L = ±70.*\+70 or more every round gets the full net\/n.*winning earns nothing extra.*treasury\.$/);
      assert.equal(ruleText(70).split(". ").length, 1, "one sentence");
    });
  });

  describe("disputeNotice", () => {
    it("says until when a round recorded with absent agents may be replaced", () => {
      const notice = disputeNotice(1_800_000_030n, 1_800_000_000n, 2);
      assert.equal(notice?.round, 2);
      assert.equal(notice?.until.toISOString(), "2027-01-15T08:00:30.000Z");
      assert.match(notice!.text, /^Round 2 was recorded with absent agents and is open to dispute until 2027-01-15 08:00:30 UTC \(30 s left\)/);
    });

    it("says nothing when no round is open to dispute, or the window has passed", () => {
      assert.equal(disputeNotice(0n, 1_800_000_000n, 2), undefined);
      assert.equal(disputeNotice(undefined, 1_800_000_000n, 2), undefined);
      assert.equal(disputeNotice(1_800_000_000n, 1_800_000_000n, 2), undefined);
    });
  });
});

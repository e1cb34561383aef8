// The dispute window: a round the orchestrator records with absent agents stays replaceable by its
// complete version for the session's absenceGrace seconds; meanwhile the next round and settlement
// (before the deadline) wait.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, type Hex, parseEventLogs } from "viem";
import { FEE_BPS, type SessionsErrorName, recordCall } from "../support/contract-fixtures.ts";
import { dipQuality, dipSettlement, fairVote } from "../support/dip.ts";
import {
  deployWorld, packPlannedRound, openSession, recordPlannedRound, settleSession, type RoundPlan, type World, type WorldSession,
} from "../support/session-world.ts";

const { viem, networkHelpers } = await network.create();
const worldFixture = () => deployWorld(viem);

const GRACE = 600;
const ALL = [0, 1, 2, 3];
// Four agents of four operators, 10 000 credits: L = ⌊√(10 000 / 3)⌋ = 57.
const COMPLETE: RoundPlan = { present: ALL, votes: [[0, 40, -30, 60], [70, 0, 20, -10], [10, 50, 0, 80], [-40, 30, 80, 0]], tag: "complete" };
// The same round without agent 3 (3 of 4 present: a majority).
const PARTIAL: RoundPlan = { present: [0, 1, 2], votes: [[0, 40, -30, 0], [70, 0, 20, 0], [10, 50, 0, 0], [0, 0, 0, 0]], tag: "partial" };
const OTHER_PARTIAL: RoundPlan = { present: [0, 1, 3], votes: [[0, 40, 0, 60], [70, 0, 0, -10], [0, 0, 0, 0], [-40, 30, 0, 0]], tag: "other" };
const ROUND_1: RoundPlan = { present: ALL, votes: [[0, 20, 20, 20], [-50, 0, 60, 0], [30, 30, 0, 30], [0, 0, -70, 0]], tag: "first" };

function reverts(w: World, write: Promise<Hex>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write, w.sessions, error, args as never);
}

async function blockTime(w: World, blockNumber: bigint) {
  return (await w.publicClient.getBlock({ blockNumber })).timestamp;
}

/** A four-agent session (operators 0..3) with `grace` seconds of absence grace. */
function open(w: World, grace = GRACE, maxRounds = 3) {
  return openSession(w, [0, 1, 2, 3], { absenceGrace: grace, maxRounds });
}

/** Records the partial round `round` and returns when its window closes (from its block's time). */
async function recordPartial(w: World, s: WorldSession, round: number, plan = PARTIAL) {
  const { receipt, recorded } = await recordPlannedRound(w, s, round, plan);
  return { until: (await blockTime(w, receipt.blockNumber)) + BigInt(s.params.absenceGrace), recorded };
}

async function recordArgs(w: World, s: WorldSession, round: number, plan: RoundPlan) {
  return [s.sessionId, round, (await packPlannedRound(w, s, round, plan)).packed] as const;
}

function mirror(s: WorldSession, plans: RoundPlan[], entries: number[][]) {
  return { n: s.n, credits: s.params.voteCredits, operators: s.operators, rounds: plans.map((p, r) => ({ entries: entries[r]!, votes: p.votes })) };
}

describe("Sessions", () => {
  describe("dispute window", () => {
    it("opens when the orchestrator records a round with absent agents: disputableUntil = its block time + absenceGrace", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w);
      const { until, recorded } = await recordPartial(w, s, 1);
      assert.equal(await w.sessions.read.disputableUntil([s.sessionId]), until);
      assert.equal(recorded.present, 0b0111n);
      assert.equal(recorded.levels[3], 0, "the absent agent's level is 0");
    });

    it("does not open for a round every agent attested", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w);
      await recordPlannedRound(w, s, 1, COMPLETE);
      assert.equal(await w.sessions.read.disputableUntil([s.sessionId]), 0n);
      await recordPlannedRound(w, s, 2, ROUND_1);
    });

    it("refuses the next round with RoundDisputable(sessionId, round, until) while open", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w);
      const { until } = await recordPartial(w, s, 1);
      const next = await recordArgs(w, s, 2, ROUND_1);
      await reverts(w, w.sessions.write.recordRound(recordCall(next, { account: w.orchestrator.account })), "RoundDisputable", [s.sessionId, 1, Number(until)]);
      // The window includes its last second.
      await networkHelpers.time.setNextBlockTimestamp(until);
      await reverts(w, w.sessions.write.recordRound(recordCall(next, { account: w.orchestrator.account })), "RoundDisputable", [s.sessionId, 1, Number(until)]);
    });

    it("refuses settlement before the deadline with RoundDisputable while open, even at maxRounds", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w, GRACE, 1);
      const { until } = await recordPartial(w, s, 1);
      await reverts(w, w.sessions.write.settle([s.sessionId], { account: w.orchestrator.account }), "RoundDisputable", [s.sessionId, 1, Number(until)]);
      await reverts(w, w.sessions.write.settle([s.sessionId], { account: w.stranger.account }), "RoundDisputable", [s.sessionId, 1, Number(until)]);
      await networkHelpers.time.increaseTo(until + 1n);
      await settleSession(w, s, w.stranger.account);
    });

    it("lets a stranger replace the partial round with its complete version: events, levels and quality as if only the complete round were recorded", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w);
      const first = await recordPlannedRound(w, s, 1, ROUND_1);
      const { recorded: partial } = await recordPartial(w, s, 2);
      const qualityWithPartial = await w.sessions.read.quality([s.sessionId]);

      const { recorded, receipt, entries } = await recordPlannedRound(w, s, 2, COMPLETE, w.stranger.account);
      const [replaced] = parseEventLogs({ abi: w.sessions.abi, eventName: "PartialRoundReplaced", logs: receipt.logs });
      assert.ok(replaced, "PartialRoundReplaced was not emitted");
      assert.deepEqual(replaced.args, { sessionId: s.sessionId, round: 2, relayer: getAddress(w.stranger.account.address) });
      assert.equal(recorded.round, 2);
      assert.equal(recorded.present, 0b1111n);
      assert.notDeepEqual(recorded.levels, partial.levels, "the complete version rates agent 3 (and moves the medians)");
      assert.equal(await w.sessions.read.disputableUntil([s.sessionId]), 0n, "a complete round closes the window");
      assert.equal((await w.sessions.read.getSession([s.sessionId])).roundsRecorded, 2);

      // The same two complete rounds in a session of their own.
      const t = await open(w);
      const twin1 = await recordPlannedRound(w, t, 1, ROUND_1);
      const twin2 = await recordPlannedRound(w, t, 2, COMPLETE);
      assert.deepEqual(recorded.levels, twin2.recorded.levels);
      const quality = await w.sessions.read.quality([s.sessionId]);
      assert.deepEqual(quality, await w.sessions.read.quality([t.sessionId]));
      assert.notDeepEqual(quality, qualityWithPartial);
      assert.deepEqual(quality, dipQuality(mirror(s, [ROUND_1, COMPLETE], [first.entries, entries])));
      assert.deepEqual(twin1.recorded.levels, first.recorded.levels);

      // Both settle alike (bounties equal), by the mirror's numbers.
      const [a, b] = [await settleSession(w, s), await settleSession(w, t)];
      assert.deepEqual(a.payouts, b.payouts);
      assert.equal(a.unearned, b.unearned);
      const expected = dipSettlement(s.params.bounty, FEE_BPS, quality, 2, fairVote(10_000, 4));
      assert.deepEqual(a.payouts, expected.payouts);
      assert.equal(a.unearned, expected.unearned);
    });

    it("lets the next round follow at once after a replacement", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w);
      await recordPartial(w, s, 1);
      await recordPlannedRound(w, s, 1, COMPLETE, w.stranger.account);
      await recordPlannedRound(w, s, 2, ROUND_1);
      assert.equal((await w.sessions.read.getSession([s.sessionId])).roundsRecorded, 2);
    });

    it("replaces a partial last round (maxRounds) within the window, after which a stranger may settle", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w, GRACE, 1);
      await recordPartial(w, s, 1);
      const { entries } = await recordPlannedRound(w, s, 1, COMPLETE, w.stranger.account);
      const quality = dipQuality(mirror(s, [COMPLETE], [entries]));
      assert.deepEqual(await w.sessions.read.quality([s.sessionId]), quality);
      const settled = await settleSession(w, s, w.stranger.account);
      assert.deepEqual(settled.payouts, dipSettlement(s.params.bounty, FEE_BPS, quality, 1, fairVote(10_000, 4)).payouts);
    });

    it("refuses a second partial version and a second complete one with RoundAlreadyRecorded", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w);
      const { until } = await recordPartial(w, s, 1);
      const other = await recordArgs(w, s, 1, OTHER_PARTIAL);
      await reverts(w, w.sessions.write.recordRound(recordCall(other, { account: w.orchestrator.account })), "RoundAlreadyRecorded", [s.sessionId, 1]);
      assert.equal(await w.sessions.read.disputableUntil([s.sessionId]), until, "the refused version changed nothing");
      await recordPlannedRound(w, s, 1, COMPLETE, w.stranger.account);
      const again = await recordArgs(w, s, 1, { ...COMPLETE, tag: "again" });
      await reverts(w, w.sessions.write.recordRound(recordCall(again, { account: w.stranger.account })), "RoundAlreadyRecorded", [s.sessionId, 1]);
    });

    it("after the window: refuses the complete version with RoundAlreadyRecorded and accepts the next round", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w);
      const { until } = await recordPartial(w, s, 1);
      const quality = await w.sessions.read.quality([s.sessionId]);
      await networkHelpers.time.setNextBlockTimestamp(until + 1n);
      await reverts(w, w.sessions.write.recordRound(recordCall(await recordArgs(w, s, 1, COMPLETE), { account: w.stranger.account })), "RoundAlreadyRecorded", [s.sessionId, 1]);
      await networkHelpers.time.increase(GRACE);
      const { recorded } = await recordPlannedRound(w, s, 2, ROUND_1);
      assert.equal((await w.sessions.read.getSession([s.sessionId])).roundsRecorded, 2);
      assert.deepEqual(await w.sessions.read.quality([s.sessionId]), quality.map((q, i) => q + BigInt(recorded.levels[i]!)), "the partial round 1 stayed");
    });

    it("accepts the complete version in the window's last second", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w);
      const { until } = await recordPartial(w, s, 1);
      const args = await recordArgs(w, s, 1, COMPLETE);
      await networkHelpers.time.setNextBlockTimestamp(until);
      await viem.assertions.emitWithArgs(
        w.sessions.write.recordRound(recordCall(args, { account: w.stranger.account })), w.sessions, "PartialRoundReplaced", [s.sessionId, 1, w.stranger.account.address],
      );
    });

    it("has no window with absenceGrace 0: the next round follows and the complete version is refused", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w, 0);
      await recordPlannedRound(w, s, 1, PARTIAL);
      assert.equal(await w.sessions.read.disputableUntil([s.sessionId]), 0n);
      await reverts(w, w.sessions.write.recordRound(recordCall(await recordArgs(w, s, 1, COMPLETE), { account: w.stranger.account })), "RoundAlreadyRecorded", [s.sessionId, 1]);
      await recordPlannedRound(w, s, 2, ROUND_1);
      await settleSession(w, s);
    });

    it("allows settlement after the deadline while the window is still open, and no round then", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const s = await open(w, 3_600);
      await networkHelpers.time.increaseTo(s.params.deadline - 100n);
      const { until } = await recordPartial(w, s, 1);
      assert.ok(until > s.params.deadline);
      await reverts(w, w.sessions.write.settle([s.sessionId], { account: w.orchestrator.account }), "RoundDisputable", [s.sessionId, 1, Number(until)]);
      const complete = await recordArgs(w, s, 1, COMPLETE);
      await networkHelpers.time.increaseTo(s.params.deadline + 1n);
      assert.equal(await w.sessions.read.disputableUntil([s.sessionId]), until, "the window is still open");
      await reverts(w, w.sessions.write.recordRound(recordCall(complete, { account: w.stranger.account })), "DeadlinePassed", [s.sessionId, s.params.deadline]);
      const settled = await settleSession(w, s, w.stranger.account);
      assert.equal(settled.payouts[3], 0n, "the absent agent earned nothing");
    });

    it("refuses absenceGrace above MAX_ABSENCE_GRACE with AbsenceGraceTooLong", async () => {
      const w = await networkHelpers.loadFixture(worldFixture);
      const max = await w.sessions.read.MAX_ABSENCE_GRACE();
      await reverts(w, open(w, max + 1).then(() => "0x" as Hex), "AbsenceGraceTooLong", [max + 1, max]);
      const s = await open(w, max);
      const { until } = await recordPartial(w, s, 1);
      assert.equal(await w.sessions.read.disputableUntil([s.sessionId]), until);
    });
  });
});

// Evaluation weights on chain (docs/economics.md, "Weights"): an agent's history of settled
// sessions sets its weight in the next session it joins; its votes count that many times in a
// round's scores, so they decide the winner; a fresh agent starts at 1; its own ballot never
// counts for itself; payouts do not depend on weights.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { roundTermsWeights } from "@concord/agent-sdk/protocol";
import { roundOutcome } from "@concord/bench/incentives/payout-rule.ts";
import { dipQuality, dipSettlement, evaluationWeight, fairVote } from "../support/dip.ts";
import { FEE_BPS } from "../support/contract-fixtures.ts";
import { deployWorld, openSession, recordPlannedRound, settleSession, type World } from "../support/session-world.ts";

const { viem } = await network.create();

/** One settled session of the pool's agents of operators 0 and 1 in which only agent 0's round-1 answer is endorsed. */
async function oneSidedSession(w: World) {
  const s = await openSession(w, [0, 1], { maxRounds: 1 });
  await recordPlannedRound(w, s, 1, { present: [0, 1], votes: [[0, -70], [70, 0]] });
  await settleSession(w, s);
  return s;
}

describe("Sessions: evaluation weights from history", () => {
  it("starts every agent at weight 1 and earns at most one endorsement per settled session", async () => {
    const w = await deployWorld(viem);
    const [trusted, shunned] = [w.pool[0]![0]!.id, w.pool[1]![0]!.id];
    assert.deepEqual(await w.sessions.read.history([trusted]), [0n, 0n, 1n], "a fresh agent: weight 1");
    for (let k = 1; k <= 10; k++) {
      await oneSidedSession(w);
      assert.deepEqual(await w.sessions.read.history([trusted]), [BigInt(k), BigInt(k), BigInt(evaluationWeight({ sessions: k, endorsed: k }))]);
      assert.deepEqual(await w.sessions.read.history([shunned]), [BigInt(k), 0n, 1n], "never endorsed: weight stays 1");
    }
    // p = (10 + 5) / (10 + 10) = 24/32: 1 + round(4 · logit(24.5/32)) = 6.
    assert.equal((await w.sessions.read.history([trusted]))[2], 6n);
    const s = await openSession(w, [0, 1, 2]);
    assert.deepEqual(roundTermsWeights(await w.sessions.read.roundTerms([s.sessionId])), [6, 1, 1], "snapshotted at creation");
  });

  it("counts each vote its voter's weight times, so a trusted agent outweighs two fresh ones; nobody's weight touches its own score or any payout", async () => {
    const w = await deployWorld(viem);
    for (let k = 0; k < 10; k++) await oneSidedSession(w);
    // Agent 0 (weight 6) and two fresh agents (operators 2 and 3). Unweighted, agent 2 would win
    // (scores 2 against 3); agent 0's weight makes agent 1 win.
    const s = await openSession(w, [0, 2, 3], { maxRounds: 1 });
    const weights = roundTermsWeights(await w.sessions.read.roundTerms([s.sessionId]));
    assert.deepEqual(weights, [6, 1, 1]);
    const votes = [[0, 7, -7], [3, 0, 10], [4, -5, 0]];
    const { recorded, entries } = await recordPlannedRound(w, s, 1, { present: [0, 1, 2], votes });
    assert.deepEqual(roundOutcome(3, { entries, votes }).scores, [7, 2, 3], "unweighted");
    assert.deepEqual(recorded.scores, [7n, 37n, -32n], "agent 0's votes count 6 times; its own score is the others' votes, once each");
    assert.equal(recorded.winnerIndex, 1);

    const settled = await settleSession(w, s);
    const l = fairVote(10_000, 3);
    const expected = dipSettlement(s.params.bounty, FEE_BPS, dipQuality({ n: 3, credits: 10_000, operators: s.operators, rounds: [{ entries, votes }] }), 1, l);
    assert.deepEqual(settled.payouts, expected.payouts, "payouts follow the unweighted median rule");
  });

  it("leaves the history of an agent absent from round 1 as it was: naming it in sessions it never joined cannot wear its weight down", async () => {
    const w = await deployWorld(viem);
    for (let k = 0; k < 10; k++) await oneSidedSession(w);
    const victim = w.pool[0]![0]!.id;
    assert.deepEqual(await w.sessions.read.history([victim]), [10n, 10n, 6n]);
    // Anyone may create a session naming any registered agent. Here two agents of other operators
    // and the victim, a dust bounty, no dispute window; round 1 recorded without the victim (two of
    // three attest it), the two endorse each other, and the session settles at once. Nine times.
    for (let k = 0; k < 9; k++) {
      const s = await openSession(w, [0, 5, 6], { maxRounds: 1, absenceGrace: 0, bounty: 100n, voteCredits: 1 });
      await recordPlannedRound(w, s, 1, { present: [1, 2], votes: [[0, 0, 0], [0, 0, 1], [0, 1, 0]] });
      await settleSession(w, s);
    }
    assert.deepEqual(await w.sessions.read.history([victim]), [10n, 10n, 6n], "absent from round 1 nine times: its history is unchanged");
    const [attacker1, attacker2] = [w.pool[5]![0]!.id, w.pool[6]![0]!.id];
    for (const id of [attacker1, attacker2]) assert.deepEqual((await w.sessions.read.history([id])).slice(0, 2), [9n, 9n], "the present agents' sessions count");
    // Present but rated down, the session counts for it as any other does (a pair that is most
    // of an agent's raters can deny it an endorsement: docs/economics.md, "Collusion").
    const s = await openSession(w, [0, 5, 6], { maxRounds: 1 });
    await recordPlannedRound(w, s, 1, { present: [0, 1, 2], votes: [[0, 10, 10], [-40, 0, 40], [-40, 40, 0]] });
    await settleSession(w, s);
    assert.deepEqual((await w.sessions.read.history([victim])).slice(0, 2), [11n, 10n]);
  });

  it("recounts round 1's endorsements when its complete version replaces a partial one", async () => {
    const w = await deployWorld(viem);
    const s = await openSession(w, [0, 1, 2], { maxRounds: 1, absenceGrace: 60 });
    // Partial round 1: agent 2 absent, agents 0 and 1 rate each other down (nobody endorsed).
    await recordPlannedRound(w, s, 1, { present: [0, 1], votes: [[0, -50, 0], [-50, 0, 0], [0, 0, 0]] });
    // The complete version: everyone endorses everyone.
    await recordPlannedRound(w, s, 1, { present: [0, 1, 2], votes: [[0, 50, 50], [50, 0, 50], [50, 50, 0]], tag: "complete" }, w.stranger.account);
    await settleSession(w, s);
    for (const [i, id] of s.agentIds.entries()) assert.deepEqual((await w.sessions.read.history([id])).slice(0, 2), [1n, 1n], `agent ${i}`);
  });
});

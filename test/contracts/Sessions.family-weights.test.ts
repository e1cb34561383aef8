// Evaluation weights per task family (docs/economics.md, "Weights"): a session created with a
// family takes its agents' weights from their histories in that family and is recorded, when it
// settles, in that family's histories only. Family zero is the one history of before; weight
// earned in one family (by honest work or by a pair's farming) buys nothing in another.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, zeroHash } from "viem";
import { parseSessionCreatedLogs, roundTermsWeights, taskFamilyId } from "@concord/agent-sdk/protocol";
import { evaluationWeight } from "../support/dip.ts";
import { deployWorld, openSession, recordPlannedRound, settleSession, type World } from "../support/session-world.ts";

const { viem, networkHelpers } = await network.create();

const ARITHMETIC = taskFamilyId("arithmetic");
const SEQUENCES = taskFamilyId("sequences");

/** A settled 2-agent session of operators `ops` in `family`; votes[e][c] in round 1 (70: full endorsement). */
async function settledSession(w: World, family: Hex, votes: number[][], ops = [0, 1]) {
  const s = await openSession(w, ops, { maxRounds: 1, taskFamily: family });
  await recordPlannedRound(w, s, 1, { present: [0, 1], votes });
  await settleSession(w, s);
  return s;
}
/** One session, endorsed: p = 6/11, weight 2. */
const ONCE = BigInt(evaluationWeight({ sessions: 1, endorsed: 1 }));
/** Only the first agent's round-1 answer is endorsed. */
const ONE_SIDED = [[0, -70], [70, 0]];
/** Each endorses the other: what a colluding pair does. */
const MUTUAL = [[0, 70], [70, 0]];

async function weightsOf(w: World, ops: number[], family: Hex) {
  const s = await openSession(w, ops, { taskFamily: family });
  return roundTermsWeights(await w.sessions.read.roundTerms([s.sessionId]));
}

describe("Sessions: evaluation weights per task family", () => {
  it("snapshots each agent's weight from its history in the session's family", async () => {
    const w = await deployWorld(viem);
    const trusted = w.pool[0]![0]!.id;
    for (let k = 1; k <= 10; k++) await settledSession(w, ARITHMETIC, ONE_SIDED);
    assert.deepEqual(await w.sessions.read.familyHistory([trusted, ARITHMETIC]), [10n, 10n, BigInt(evaluationWeight({ sessions: 10, endorsed: 10 }))]);
    assert.deepEqual(await w.sessions.read.familyHistory([trusted, ARITHMETIC]), [10n, 10n, 6n]);
    assert.deepEqual(await w.sessions.read.familyHistory([trusted, SEQUENCES]), [0n, 0n, 1n], "another family: fresh");
    assert.deepEqual(await w.sessions.read.history([trusted]), [0n, 0n, 1n], "family zero: untouched");
    assert.deepEqual(await weightsOf(w, [0, 1, 2], ARITHMETIC), [6, 1, 1]);
    assert.deepEqual(await weightsOf(w, [0, 1, 2], SEQUENCES), [1, 1, 1]);
    assert.deepEqual(await weightsOf(w, [0, 1, 2], zeroHash), [1, 1, 1]);
  });

  it("records a settled session in its family only, the family read from the session, not from whoever settles", async () => {
    const w = await deployWorld(viem);
    const [a, b] = [w.pool[0]![0]!.id, w.pool[1]![0]!.id];
    await settledSession(w, zeroHash, ONE_SIDED);
    const s = await openSession(w, [0, 1], { maxRounds: 2, taskFamily: SEQUENCES });
    assert.equal(await w.sessions.read.taskFamily([s.sessionId]), SEQUENCES);
    await recordPlannedRound(w, s, 1, { present: [0, 1], votes: MUTUAL });
    // Before maxRounds only the orchestrator may settle; after the deadline anyone may.
    await networkHelpers.time.increaseTo(s.params.deadline + 1n);
    await settleSession(w, s, w.stranger.account);
    assert.deepEqual(await w.sessions.read.familyHistory([a, SEQUENCES]), [1n, 1n, ONCE]);
    assert.deepEqual(await w.sessions.read.familyHistory([b, SEQUENCES]), [1n, 1n, ONCE]);
    assert.deepEqual(await w.sessions.read.history([a]), [1n, 1n, ONCE], "family zero keeps its one session");
    assert.deepEqual(await w.sessions.read.history([b]), [1n, 0n, 1n]);
    assert.deepEqual(await w.sessions.read.familyHistory([a, ARITHMETIC]), [0n, 0n, 1n]);
    // Settling again changes nothing (idempotent), in any family.
    await w.publicClient.waitForTransactionReceipt({ hash: await w.sessions.write.settle([s.sessionId], { account: w.stranger.account }) });
    assert.deepEqual(await w.sessions.read.familyHistory([a, SEQUENCES]), [1n, 1n, ONCE]);
    assert.deepEqual(await w.sessions.read.history([a]), [1n, 1n, ONCE]);
  });

  it("keeps a session of no family as before: history(agentId) is family zero's, and it names no family", async () => {
    const w = await deployWorld(viem);
    const a = w.pool[0]![0]!.id;
    const s = await openSession(w, [0, 1], { maxRounds: 1 });
    const created = await w.publicClient.getContractEvents({ address: w.sessions.address, abi: w.sessions.abi, eventName: "SessionCreated", fromBlock: 0n, strict: true });
    assert.equal(parseSessionCreatedLogs({ logs: created }).at(-1)!.params.taskFamily, zeroHash);
    assert.equal(await w.sessions.read.taskFamily([s.sessionId]), zeroHash);
    await recordPlannedRound(w, s, 1, { present: [0, 1], votes: ONE_SIDED });
    await settleSession(w, s);
    assert.deepEqual(await w.sessions.read.history([a]), [1n, 1n, ONCE]);
    assert.deepEqual(await w.sessions.read.familyHistory([a, zeroHash]), await w.sessions.read.history([a]));
    assert.deepEqual(await w.sessions.read.familyHistory([a, ARITHMETIC]), [0n, 0n, 1n]);
  });

  it("carries the family in SessionCreated and in taskFamily(sessionId)", async () => {
    const w = await deployWorld(viem);
    const s = await openSession(w, [0, 1], { taskFamily: ARITHMETIC });
    const logs = await w.publicClient.getContractEvents({ address: w.sessions.address, abi: w.sessions.abi, eventName: "SessionCreated", fromBlock: 0n, strict: true });
    const event = parseSessionCreatedLogs({ logs }).find((e) => e.sessionId === s.sessionId)!;
    assert.equal(event.params.taskFamily, ARITHMETIC);
    assert.equal(await w.sessions.read.taskFamily([s.sessionId]), ARITHMETIC);
    assert.equal(await w.sessions.read.taskFamily([s.sessionId + 1n]), zeroHash, "no such session: zero");
  });

  it("gives a pair that farms its histories in family G no weight in family F, nor in family zero", async () => {
    const w = await deployWorld(viem);
    const [p, q] = [w.pool[0]![0]!.id, w.pool[1]![0]!.id];
    const farm = taskFamilyId("farm");
    for (let k = 0; k < 20; k++) await settledSession(w, farm, MUTUAL);
    const farmed = BigInt(evaluationWeight({ sessions: 20, endorsed: 20 }));
    assert.ok(farmed > 1n);
    assert.deepEqual(await w.sessions.read.familyHistory([p, farm]), [20n, 20n, farmed]);
    assert.deepEqual(await w.sessions.read.familyHistory([q, farm]), [20n, 20n, farmed]);
    // An honest agent (operator 2) endorsed in 10 sessions of family F with operator 3.
    for (let k = 0; k < 10; k++) await settledSession(w, ARITHMETIC, ONE_SIDED, [2, 3]);
    for (const id of [p, q]) {
      assert.deepEqual(await w.sessions.read.familyHistory([id, ARITHMETIC]), [0n, 0n, 1n]);
      assert.deepEqual(await w.sessions.read.history([id]), [0n, 0n, 1n]);
    }
    assert.deepEqual(await weightsOf(w, [0, 1, 2], ARITHMETIC), [1, 1, 6], "in F the pair weighs 1 each, the honest agent its F weight");
    assert.deepEqual(await weightsOf(w, [0, 1, 2], zeroHash), [1, 1, 1]);
    assert.deepEqual(await weightsOf(w, [0, 1, 2], farm), [Number(farmed), Number(farmed), 1], "only in the farmed family");
  });
});

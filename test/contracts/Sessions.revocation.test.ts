// Keys in running sessions: Sessions.refreshSigner brings an agent's key up to date with the
// registry (a rotated key replaced, a retired agent's set to 0), after which a ballot signed by
// the old key is refused; what the agent earned before stays.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { packBallot, parseSessionSettledLogs, sessionStatusCode } from "@concord/agent-sdk/protocol";
import {
  agentKeyConsent, buildRound, deploySessionFixture, partialRoundArgs, roundArgs, roundHashes, signBallot,
  type SessionFixture, type SessionsErrorName, recordCall,
} from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

function reverts(f: SessionFixture, write: Promise<Hex>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write, f.sessions, error, args as never);
}

const ENDORSE = [[0, 100, 100], [100, 0, 100], [100, 100, 0]];

/** Rotates agent `index`'s key in the registry (its operator's call, with the new key's consent). */
async function rotate(f: SessionFixture, index: number) {
  const next = privateKeyToAccount(generatePrivateKey());
  const operator = f.operators[index]!.account;
  const modelId = `simulated/agent-${index + 1}`;
  const consent = await agentKeyConsent(f, next, operator.address, modelId);
  await f.registry.write.updateAgent([f.agentIds[index]!, next.address, modelId, "", consent], { account: operator });
  return next;
}

describe("Sessions: keys in running sessions", () => {
  it("refuses a rotated key once anyone refreshes it, and accepts the new one", async () => {
    const f = await networkHelpers.loadFixture(sessionFixture);
    await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, await buildRound(f, f.sessionId, 1, roundHashes(1), ENDORSE)), { account: f.orchestrator.account }));
    const old = f.signers[0]!;
    const next = await rotate(f, 0);
    // Until refreshed the session keeps its snapshot: the old key still signs.
    assert.equal((await f.sessions.read.getSigners([f.sessionId]))[0], old.address);

    const hash = await f.sessions.write.refreshSigner([f.sessionId, 0n], { account: f.stranger.account });
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    const events = await f.sessions.getEvents.SignerRefreshed({}, { blockHash: receipt.blockHash });
    assert.equal(events.length, 1);
    assert.deepEqual(
      [events[0]!.args.agentIndex, events[0]!.args.previous, events[0]!.args.signer],
      [0n, old.address, next.address],
    );
    assert.equal((await f.sessions.read.getSigners([f.sessionId]))[0], next.address);

    // A round signed with the old key finds no session under the new signer set.
    const stale = await buildRound(f, f.sessionId, 2, roundHashes(2), ENDORSE);
    await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 2, stale), { account: f.orchestrator.account })),
      "InvalidSignature", [0n, old.address, next.address]);
    // Signed with the new key, it is recorded.
    const fresh = await buildRound({ ...f, signers: [next, f.signers[1]!, f.signers[2]!] }, f.sessionId, 2, roundHashes(2), ENDORSE);
    await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 2, fresh), { account: f.orchestrator.account }));
    assert.equal((await f.sessions.read.getSession([f.sessionId])).roundsRecorded, 2);
    // The state moved with the key: the first round's quality is still there.
    const quality = await f.sessions.read.quality([f.sessionId]);
    assert.deepEqual(quality, [280n, 280n, 280n]);
  });

  it("lets a retired agent only be absent, and pays it for the rounds before", async () => {
    const f = await networkHelpers.loadFixture(sessionFixture);
    await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, await buildRound(f, f.sessionId, 1, roundHashes(1), ENDORSE)), { account: f.orchestrator.account }));
    await f.registry.write.retireAgent([f.agentIds[2]!], { account: f.operators[2]!.account });
    await f.sessions.write.refreshSigner([f.sessionId, 2n], { account: f.operators[2]!.account });
    assert.equal((await f.sessions.read.getSigners([f.sessionId]))[2], zeroAddress);

    // Every agent present, the retired one still signing: refused.
    const all = await buildRound(f, f.sessionId, 2, roundHashes(2), ENDORSE);
    await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 2, all), { account: f.orchestrator.account })),
      "InvalidSignature", [2n, f.signers[2]!.address, zeroAddress]);
    // The two others attest over their two proposals; the retired agent is absent with key 0.
    const hashes = roundHashes(2).slice(0, 2);
    const ballots: Hex[] = [packBallot(hashes, new Map([[hashes[1]!, 70]])), packBallot(hashes, new Map([[hashes[0]!, 70]]))];
    const attestations = await Promise.all([0, 1].map(async (i) => ({
      agentIndex: i, proposalHash: hashes[i]!, votes: ballots[i]!,
      signature: await signBallot(f, f.signers[i]!, f.sessionId, 2, hashes[i]!, hashes, ballots[i]!),
    })));
    // The stale key of the absent agent in the trailer finds no session either.
    await reverts(f, f.sessions.write.recordRound(recordCall(await partialRoundArgs(f, f.sessionId, 2, attestations, [f.signers[2]!.address]), { account: f.orchestrator.account })),
      "InvalidSignature", [2n, f.signers[2]!.address, zeroAddress]);
    await f.sessions.write.recordRound(recordCall(await partialRoundArgs(f, f.sessionId, 2, attestations, [zeroAddress]), { account: f.orchestrator.account }));

    const hash = await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
    const [settled] = parseSessionSettledLogs({ logs: (await f.publicClient.waitForTransactionReceipt({ hash })).logs });
    // L = 70; round 1: every level 140; round 2: 0 and 1 at 140 (each other's +70), 2 absent: 0.
    assert.deepEqual(await f.sessions.read.quality([f.sessionId]), [280n, 280n, 140n]);
    assert.ok(settled!.payouts[2]! > 0n && settled!.payouts[2]! * 2n <= settled!.payouts[0]! + 1n);
  });

  it("refuses a refresh the registry does not call for, of an unknown agent index, or of a closed session", async () => {
    const f = await networkHelpers.loadFixture(sessionFixture);
    await reverts(f, f.sessions.write.refreshSigner([f.sessionId, 1n], { account: f.stranger.account }),
      "SignerUnchanged", [f.sessionId, 1n, f.signers[1]!.address]);
    await reverts(f, f.sessions.write.refreshSigner([f.sessionId, 3n], { account: f.stranger.account }),
      "AgentIndexOutOfRange", [f.sessionId, 3n]);
    await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, await buildRound(f, f.sessionId, 1, roundHashes(1), ENDORSE)), { account: f.orchestrator.account }));
    await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
    await rotate(f, 0);
    await reverts(f, f.sessions.write.refreshSigner([f.sessionId, 0n], { account: f.stranger.account }),
      "SessionNotOpen", [f.sessionId, sessionStatusCode("Settled")]);
  });
});

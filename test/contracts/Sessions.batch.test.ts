import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { concat, encodeFunctionData, type Hex } from "viem";
import { multicallSuffix, packCalls, parseRoundRecordedLogs, parseSessionSettledLogs, RECORD_ROUND_SELECTOR, recordRoundMessage } from "@concord/agent-sdk/protocol";
import {
  BOUNTY, buildRound, deploySessionFixture, partialRoundArgs, roundArgs, roundHashes, type SessionFixture, type SessionsErrorName,
} from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const ROUND = [[0, 80, -20], [50, 0, 50], [10, 90, 0]];

/** The fixture's session 1 and a second session of the same agents. */
async function twoSessions() {
  const f = await deploySessionFixture(viem);
  await f.sessions.write.createSession([f.params], { account: f.submitter.account, value: BOUNTY });
  return f;
}

function reverts(f: Pick<SessionFixture, "sessions">, write: Promise<Hex>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write, f.sessions, error, args as never);
}

/** recordRound's full calldata for a round every agent of `f` attested. */
async function roundCall(f: SessionFixture, sessionId: bigint, round: number): Promise<Hex> {
  const [id, r, packed] = await roundArgs(f, sessionId, round, await buildRound(f, sessionId, round, roundHashes(round), ROUND));
  return concat([RECORD_ROUND_SELECTOR, recordRoundMessage(id, r, packed)]);
}

describe("Sessions", () => {
  describe("multicall", () => {
    it("records several sessions' rounds in one transaction, each as if sent alone", async () => {
      const f = await networkHelpers.loadFixture(twoSessions);
      const calls = [await roundCall(f, 1n, 1), await roundCall(f, 2n, 1)];
      const hash = await f.sessions.write.multicall({ account: f.stranger.account, dataSuffix: multicallSuffix(calls) });
      const receipt = await (await viem.getPublicClient()).waitForTransactionReceipt({ hash });
      const events = parseRoundRecordedLogs({ logs: receipt.logs });
      assert.deepEqual(events.map((e) => [e.sessionId, e.round]), [[1n, 1], [2n, 1]]);
      for (const id of [1n, 2n]) assert.equal((await f.sessions.read.getSession([id])).roundsRecorded, 1);
    });

    it("is all or nothing: a refused round reverts the batch with that round's own error", async () => {
      const f = await networkHelpers.loadFixture(twoSessions);
      const good = await roundCall(f, 1n, 1);
      const outOfOrder = await roundCall(f, 2n, 2);
      await reverts(f, f.sessions.write.multicall({ dataSuffix: multicallSuffix([good, outOfOrder]) }), "RoundOutOfOrder", [2n, 1, 2]);
      assert.equal((await f.sessions.read.getSession([1n])).roundsRecorded, 0, "the good round went with the batch");
    });

    it("keeps the caller: a round with absent agents in a stranger's batch is refused as if the stranger sent it", async () => {
      const f = await networkHelpers.loadFixture(twoSessions);
      const built = await buildRound(f, 1n, 1, roundHashes(1, 2), [[0, 10], [10, 0]]);
      const attestations = [0, 1].map((i) => ({ agentIndex: i, proposalHash: built.proposalHashes[i]!, votes: built.ballots[i]!, signature: built.signatures[i]! }));
      const [id, round, packed] = await partialRoundArgs(f, 1n, 1, attestations, [f.signers[2]!.address]);
      const partial = concat([RECORD_ROUND_SELECTOR, recordRoundMessage(id, round, packed)]);
      await reverts(f, f.sessions.write.multicall({ account: f.stranger.account, dataSuffix: multicallSuffix([partial]) }), "NotOrchestrator", [1n, f.stranger.account.address]);
    });

    it("refuses a batch whose call runs past its end, naming where and how long, and records nothing", async () => {
      const f = await networkHelpers.loadFixture(twoSessions);
      const good = await roundCall(f, 1n, 1);
      const suffix = multicallSuffix([good]);
      // The same batch with its last byte cut: the call's length now runs one byte past the end.
      const cut = suffix.slice(0, -2) as Hex;
      await reverts(f, f.sessions.write.multicall({ dataSuffix: cut }), "BatchDataLength", [4n, BigInt((good.length - 2) / 2)]);
      // A second call whose 3-byte length is itself cut short reads as a length past the end too.
      await reverts(f, f.sessions.write.multicall({ dataSuffix: concat([suffix, "0x00ff"]) }), "BatchDataLength", [BigInt(4 + 3 + (good.length - 2) / 2), 0xff00n]);
      assert.equal((await f.sessions.read.getSession([1n])).roundsRecorded, 0);
    });

    it("runs an empty batch as nothing, and a call it does not know reverts the batch as it would alone", async () => {
      const f = await networkHelpers.loadFixture(twoSessions);
      await f.sessions.write.multicall({ account: f.stranger.account });
      const publicClient = await viem.getPublicClient();
      await assert.rejects(publicClient.call({ to: f.sessions.address, data: packCalls(["0xdeadbeef"]) }));
    });

    it("settles several sessions in one transaction", async () => {
      const f = await networkHelpers.loadFixture(twoSessions);
      await f.sessions.write.multicall({ account: f.orchestrator.account, dataSuffix: multicallSuffix([await roundCall(f, 1n, 1), await roundCall(f, 2n, 1)]) });
      const settles = [1n, 2n].map((id) => encodeFunctionData({ abi: f.sessions.abi, functionName: "settle", args: [id] }));
      const hash = await f.sessions.write.multicall({ account: f.orchestrator.account, dataSuffix: multicallSuffix(settles) });
      const receipt = await (await viem.getPublicClient()).waitForTransactionReceipt({ hash });
      assert.deepEqual(parseSessionSettledLogs({ logs: receipt.logs }).map((e) => e.sessionId), [1n, 2n]);
    });
  });
});

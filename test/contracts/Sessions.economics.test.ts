import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, zeroAddress } from "viem";
import { packBallot, parseSessionSettledLogs } from "@concord/agent-sdk/protocol";
import { deploySessionFixture, roundArgs, roundHashes, signBallot, type SessionFixture } from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

/** Records a round from explicit votes: votes[e][p] is evaluator e's vote for agent p. */
async function recordVotes(f: SessionFixture, round: number, votes: number[][]) {
  const hashes = roundHashes(round);
  const ballots = votes.map((row) => packBallot(hashes, new Map(row.map((v, p) => [hashes[p]!, v] as [Hex, number]))));
  const signatures = await Promise.all(ballots.map((b, e) => signBallot(f, f.signers[e]!, f.sessionId, round, hashes[e]!, hashes, b)));
  await f.sessions.write.recordRound(await roundArgs(f, f.sessionId, round, { proposalHashes: hashes, ballots, signatures }), { account: f.orchestrator.account });
}

describe("Sessions", () => {
  describe("docs/economics.md", () => {
    it("reproduces the worked example to the wei", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordVotes(f, 1, [[0, 80, -10], [30, 0, 0], [0, 20, 0]]);
      await recordVotes(f, 2, [[0, 60, -20], [50, 0, 40], [0, 50, 0]]);
      assert.deepEqual(await f.sessions.read.support([f.sessionId]), [80n, 210n, 20n]);
      assert.deepEqual(await f.sessions.read.backing([f.sessionId]), [60n, 0n, 50n]);
      const hash = await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      const [event] = parseSessionSettledLogs({ logs: receipt.logs });
      assert.deepEqual(event!.payouts, [312_387_096_774_193_548n, 536_516_129_032_258_064n, 141_096_774_193_548_387n]);
      assert.equal(event!.fee, 10_000_000_000_000_000n);
      assert.equal(event!.dust, 1n);
      assert.equal(await f.sessions.read.claimable([zeroAddress, f.treasury.account.address]), 10_000_000_000_000_001n);
    });
  });
});

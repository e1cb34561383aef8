import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, parseEther } from "viem";
import { parseSessionSettledLogs } from "@concord/agent-sdk/protocol";
import { buildRound, deploySessionFixture, roundArgs, roundHashes, soloSplit, type SessionFixture, type SessionsErrorName, recordCall } from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

function reverts(f: SessionFixture, write: Promise<Hex>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write, f.sessions, error, args as never);
}

describe("Sessions", () => {
  describe("claim", () => {
    it("refuses a token that charges its sender, so Sessions never owes more than it holds", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      // 1 % of every transfer is taken from the sender on top: deposits arrive whole.
      const token = await viem.deployContract("SenderFeeERC20", [100n]);
      const bounty = parseEther("5");
      await token.write.mint([f.submitter.account.address, parseEther("6")]);
      await token.write.approve([f.sessions.address, bounty], { account: f.submitter.account });
      await f.sessions.write.createSession([{ ...f.params, token: token.address, bounty }], { account: f.submitter.account });
      assert.equal(await token.read.balanceOf([f.sessions.address]), bounty, "the deposit's balance delta is exact");

      const built = await buildRound(f, 2n, 1, roundHashes(1), [[0, 80, -20], [50, 0, 50], [10, 90, 0]]);
      await f.sessions.write.recordRound(recordCall(await roundArgs(f, 2n, 1, built), { account: f.orchestrator.account }));
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash: await f.sessions.write.settle([2n], { account: f.orchestrator.account }) });
      const [settled] = parseSessionSettledLogs({ logs: receipt.logs });
      for (const [i, op] of f.operators.entries()) await f.sessions.write.claimRoyalty([2n, BigInt(i), soloSplit(op.account.address)]);

      // Paying the first agent would cost Sessions its payout + 1 %; with every claim paid so, the
      // treasury would be owed more than Sessions held. The transfer is refused instead.
      const op = f.operators[0]!;
      const payout = settled!.payouts[0]!;
      await reverts(f, f.sessions.write.claim([token.address], { account: op.account }), "TransferOverdrawn", [token.address, payout, payout + payout / 100n]);
      assert.equal(await f.sessions.read.claimable([token.address, op.account.address]), payout);
      assert.equal(await token.read.balanceOf([f.sessions.address]), bounty);
    });
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, type Hex, concat, encodeFunctionData, parseEther, zeroAddress } from "viem";
import { packBallot, parseSessionSettledLogs, sessionStatusCode } from "@concord/agent-sdk/protocol";
import { BOUNTY, FEE_BPS, buildRound, deploySessionFixture, roundArgs, roundHashes, signBallot, soloSplit, type SessionFixture, type SessionsErrorName, recordCall } from "../support/contract-fixtures.ts";
import { dipSettlement, fairVote } from "../support/dip.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

async function recordRound(f: SessionFixture, round: number, endorsements: number[][], sessionId = f.sessionId) {
  const built = await buildRound(f, sessionId, round, roundHashes(round), endorsements);
  await f.sessions.write.recordRound(recordCall(await roundArgs(f, sessionId, round, built), { account: f.orchestrator.account }));
}

async function settle(f: SessionFixture, sessionId = f.sessionId, account = f.orchestrator.account) {
  const hash = await f.sessions.write.settle([sessionId], { account });
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseSessionSettledLogs({ logs: receipt.logs });
  return event;
}

function reverts(f: SessionFixture, write: Promise<Hex>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write, f.sessions, error, args as never);
}

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
const ROUND = [[0, 80, -20], [50, 0, 50], [10, 90, 0]];

/**
 * A minimal contract for the failed-transfer path: it forwards any call whose calldata is
 * `target ‖ data` to `target` (bubbling a revert) and reverts on plain ETH, so it can claim but
 * never receive its payout. Runtime (41 bytes), after a 9-byte constructor:
 *   CALLDATASIZE PUSH1 7 JUMPI PUSH0 PUSH0 REVERT            ; no calldata (ETH transfer): revert
 *   JUMPDEST PUSH1 20 CALLDATASIZE SUB DUP1 PUSH1 20 PUSH0 CALLDATACOPY   ; data -> memory 0
 *   PUSH0 PUSH0 DUP3 PUSH0 PUSH0 PUSH0 CALLDATALOAD PUSH1 96 SHR GAS CALL ; call target
 *   PUSH1 39 JUMPI RETURNDATASIZE PUSH0 PUSH0 RETURNDATACOPY RETURNDATASIZE PUSH0 REVERT
 *   JUMPDEST STOP
 */
const REJECTING_FORWARDER: Hex =
  "0x60298060095f395ff3" +
  "36600757" + "5f5ffd" + "5b60143603806014" + "5f37" + "5f5f825f5f5f35" + "60601c5af1" + "602757" +
  "3d5f5f3e3d5ffd" + "5b00" as Hex;

describe("Sessions", () => {
  describe("settle", () => {
    it("pays each agent net · quality / (n · R · 2L): fee and unearned to the treasury, Σ payouts + fee + unearned = bounty", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound(f, 1, ROUND);
      await recordRound(f, 2, [[0, 30, 70], [60, 0, 40], [20, 80, 0]]);
      const quality = await f.sessions.read.quality([f.sessionId]);
      const expected = dipSettlement(BOUNTY, FEE_BPS, quality, 2, fairVote(10_000, 3));
      const event = await settle(f);
      assert.ok(event);
      assert.deepEqual(event.payouts, expected.payouts);
      assert.equal(event.fee, expected.fee);
      assert.equal(event.unearned, expected.unearned);
      assert.ok(event.unearned > 0n, "levels below 2L leave something unearned");
      assert.equal(sum(event.payouts) + event.fee + event.unearned, BOUNTY);
      assert.equal(await f.sessions.read.claimable([zeroAddress, f.treasury.account.address]), expected.fee + expected.unearned);
      for (const [i, payout] of expected.payouts.entries()) assert.equal(await f.sessions.read.payoutOf([f.sessionId, BigInt(i)]), payout);
      const s = await f.sessions.read.getSession([f.sessionId]);
      assert.equal(s.status, sessionStatusCode("Settled"));
      assert.equal(event.winnerAgentId, s.winnerAgentId);
    });

    it("pays nothing when every median is at −L or below, and the whole net goes to the treasury", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      // L = 70: each evaluator votes −70 for both others (cost 9 800), so every level is 0.
      const hashes = roundHashes(1);
      const votes = [[0, -70, -70], [-70, 0, -70], [-70, -70, 0]];
      const ballots = votes.map((row) => packBallot(hashes, new Map(row.map((v, p) => [hashes[p]!, v] as [Hex, number]))));
      const signatures = await Promise.all(ballots.map((b, e) => signBallot(f, f.signers[e]!, f.sessionId, 1, hashes[e]!, hashes, b)));
      await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, { proposalHashes: hashes, ballots, signatures }), { account: f.orchestrator.account }));
      assert.deepEqual(await f.sessions.read.quality([f.sessionId]), [0n, 0n, 0n]);
      const event = await settle(f);
      const net = BOUNTY - (BOUNTY * FEE_BPS) / 10_000n;
      assert.deepEqual(event!.payouts, [0n, 0n, 0n]);
      assert.equal(event!.unearned, net);
      assert.equal(await f.sessions.read.claimable([zeroAddress, f.treasury.account.address]), BOUNTY);
    });

    it("pays net / n to every agent whose every median is L or more, leaving only the rounding", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound(f, 1, [[0, 100, 100], [100, 0, 100], [100, 100, 0]]);
      assert.deepEqual(await f.sessions.read.quality([f.sessionId]), [140n, 140n, 140n]);
      const event = await settle(f);
      const net = BOUNTY - (BOUNTY * FEE_BPS) / 10_000n;
      assert.deepEqual(event!.payouts, [net / 3n, net / 3n, net / 3n]);
      assert.equal(event!.unearned, net - 3n * (net / 3n));
    });

    it("is permissionless once maxRounds are recorded", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      for (const round of [1, 2, 3]) await recordRound(f, round, ROUND);
      assert.ok(await settle(f, f.sessionId, f.stranger.account));
    });

    it("is permissionless after the deadline once minRounds are recorded", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound(f, 1, ROUND);
      await networkHelpers.time.increaseTo(f.deadline + 1n);
      const event = await settle(f, f.sessionId, f.stranger.account);
      assert.ok(event);
      assert.equal((await f.sessions.read.getSession([f.sessionId])).status, sessionStatusCode("Settled"));
    });

    it("changes nothing on a repeat call", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound(f, 1, ROUND);
      await settle(f);
      const treasury = await f.sessions.read.claimable([zeroAddress, f.treasury.account.address]);
      assert.equal(await settle(f, f.sessionId, f.stranger.account), undefined, "no second SessionSettled");
      assert.equal(await f.sessions.read.claimable([zeroAddress, f.treasury.account.address]), treasury);
    });

    describe("reverts", () => {
      it("reverts for an unknown session", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await reverts(f, f.sessions.write.settle([9n]), "UnknownSession", [9n]);
      });

      it("reverts before minRounds rounds are recorded", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await reverts(f, f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account }), "TooFewRounds", [f.sessionId, 0, 1]);
      });

      it("reverts for anyone but the orchestrator before maxRounds", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await recordRound(f, 1, ROUND);
        await reverts(f, f.sessions.write.settle([f.sessionId], { account: f.stranger.account }), "NotOrchestrator", [f.sessionId, f.stranger.account.address]);
      });

      it("reverts after the deadline when fewer than minRounds were recorded", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await networkHelpers.time.increaseTo(f.deadline + 1n);
        await reverts(f, f.sessions.write.settle([f.sessionId], { account: f.stranger.account }), "TooFewRounds", [f.sessionId, 0, 1]);
      });

      it("reverts for a refunded session", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await networkHelpers.time.increaseTo(f.deadline + 1n);
        await f.sessions.write.refund([f.sessionId], { account: f.submitter.account });
        await reverts(f, f.sessions.write.settle([f.sessionId]), "SessionNotOpen", [f.sessionId, sessionStatusCode("Refunded")]);
      });
    });
  });

  describe("claimRoyalty", () => {
    it("credits each recipient its bps share, the last one the remainder, once", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const recipients = [f.stranger.account.address, f.operators[0]!.account.address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      const split = { recipients, bps: [3_333, 6_667] };
      await f.registry.write.setSplit([1n, split], { account: f.operators[0]!.account });
      await f.sessions.write.createSession([f.params], { value: BOUNTY });
      await recordRound(f, 1, ROUND, 2n);
      const { payouts } = (await settle(f, 2n))!;
      const splitHash = await f.registry.read.hashSplit([split]);
      await viem.assertions.emitWithArgs(f.sessions.write.claimRoyalty([2n, 0n, split]), f.sessions, "RoyaltyDistributed", [2n, 0n, splitHash, payouts[0]!]);
      const first = (payouts[0]! * 3_333n) / 10_000n;
      assert.equal(await f.sessions.read.claimable([zeroAddress, recipients[0]!]), first);
      assert.equal(await f.sessions.read.claimable([zeroAddress, recipients[1]!]), payouts[0]! - first);
      assert.equal(await f.sessions.read.royaltyDistributed([2n, 0n]), true);
      await reverts(f, f.sessions.write.claimRoyalty([2n, 0n, split]), "RoyaltyAlreadyDistributed", [2n, 0n]);
    });

    it("pays the split snapshotted at creation, not a later one", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound(f, 1, ROUND);
      await settle(f);
      const original = soloSplit(f.operators[0]!.account.address);
      const later = soloSplit(f.stranger.account.address);
      await f.registry.write.setSplit([1n, later], { account: f.operators[0]!.account });
      const [laterHash, originalHash] = [await f.registry.read.hashSplit([later]), await f.registry.read.hashSplit([original])];
      await reverts(f, f.sessions.write.claimRoyalty([f.sessionId, 0n, later]), "SplitMismatch", [f.sessionId, 0n, laterHash, originalHash]);
      await f.sessions.write.claimRoyalty([f.sessionId, 0n, original]);
    });

    it("reverts before settlement and for an agent index out of range", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const split = soloSplit(f.operators[0]!.account.address);
      await reverts(f, f.sessions.write.claimRoyalty([f.sessionId, 0n, split]), "NotSettled", [f.sessionId]);
      await recordRound(f, 1, ROUND);
      await settle(f);
      await reverts(f, f.sessions.write.claimRoyalty([f.sessionId, 3n, split]), "AgentIndexOutOfRange", [f.sessionId, 3n]);
    });
  });

  describe("claim", () => {
    it("moves the payout to the recipient once; a second claim reverts", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound(f, 1, ROUND);
      const { payouts } = (await settle(f))!;
      const op = f.operators[1]!;
      await f.sessions.write.claimRoyalty([f.sessionId, 1n, soloSplit(op.account.address)]);
      const before = await f.publicClient.getBalance({ address: op.account.address });
      const hash = await f.sessions.write.claim([zeroAddress], { account: op.account });
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      const after = await f.publicClient.getBalance({ address: op.account.address });
      assert.equal(after - before + receipt.gasUsed * receipt.effectiveGasPrice, payouts[1]);
      await reverts(f, f.sessions.write.claim([zeroAddress], { account: op.account }), "NothingToClaim", [zeroAddress, op.account.address]);
    });

    it("leaves no wei behind once every recipient and the treasury have claimed", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound(f, 1, [[0, 33, 67], [13, 0, 87], [71, 29, 0]]);
      await settle(f);
      for (const [i, op] of f.operators.entries()) {
        await f.sessions.write.claimRoyalty([f.sessionId, BigInt(i), soloSplit(op.account.address)]);
        await f.sessions.write.claim([zeroAddress], { account: op.account });
      }
      await f.sessions.write.claim([zeroAddress], { account: f.treasury.account });
      assert.equal(await f.publicClient.getBalance({ address: f.sessions.address }), 0n);
    });

    it("pays an ERC-20 session in its token", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const token = await viem.deployContract("MockERC20", [0n]);
      await token.write.mint([f.submitter.account.address, parseEther("5")]);
      await token.write.approve([f.sessions.address, parseEther("5")], { account: f.submitter.account });
      await f.sessions.write.createSession([{ ...f.params, token: token.address, bounty: parseEther("5") }], { account: f.submitter.account });
      await recordRound(f, 1, ROUND, 2n);
      const { payouts } = (await settle(f, 2n))!;
      const op = f.operators[0]!;
      await f.sessions.write.claimRoyalty([2n, 0n, soloSplit(op.account.address)]);
      await f.sessions.write.claim([token.address], { account: op.account });
      assert.equal(await token.read.balanceOf([op.account.address]), payouts[0]);
    });

    it("reverts with TransferFailed when the recipient rejects ETH", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const deployHash = await f.stranger.sendTransaction({ data: REJECTING_FORWARDER });
      const { contractAddress } = await f.publicClient.waitForTransactionReceipt({ hash: deployHash });
      const forwarder: Address = contractAddress!;
      await f.registry.write.setSplit([2n, soloSplit(forwarder)], { account: f.operators[1]!.account });
      await f.sessions.write.createSession([f.params], { value: BOUNTY });
      await recordRound(f, 1, ROUND, 2n);
      const { payouts } = (await settle(f, 2n))!;
      await f.sessions.write.claimRoyalty([2n, 1n, soloSplit(forwarder)]);
      const claimData = encodeFunctionData({ abi: f.sessions.abi, functionName: "claim", args: [zeroAddress] });
      await reverts(f, f.stranger.sendTransaction({ to: forwarder, data: concat([f.sessions.address, claimData]) }), "TransferFailed", [forwarder, payouts[1]!]);
      assert.equal(await f.sessions.read.claimable([zeroAddress, forwarder]), payouts[1]);
    });
  });

  describe("refund", () => {
    it("returns the bounty to the submitter after the deadline when fewer than minRounds were recorded", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await f.sessions.write.createSession([{ ...f.params, minRounds: 2 }], { account: f.submitter.account, value: BOUNTY });
      await recordRound(f, 1, ROUND, 2n);
      await networkHelpers.time.increaseTo(f.deadline + 1n);
      await viem.assertions.emitWithArgs(
        f.sessions.write.refund([2n], { account: f.submitter.account }),
        f.sessions, "SessionRefunded", [2n, f.submitter.account.address, zeroAddress, BOUNTY],
      );
      assert.equal(await f.publicClient.getBalance({ address: f.sessions.address }), BOUNTY, "session 1 still escrowed");
      assert.equal((await f.sessions.read.getSession([2n])).status, sessionStatusCode("Refunded"));
    });

    it("reverts once minRounds are recorded: that work is settled, by anyone, after the deadline", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound(f, 1, ROUND);
      await networkHelpers.time.increaseTo(f.deadline + 1n);
      await reverts(f, f.sessions.write.refund([f.sessionId], { account: f.submitter.account }), "RefundAfterMinRounds", [f.sessionId, 1, 1]);
      assert.ok(await settle(f, f.sessionId, f.stranger.account));
    });

    it("returns an ERC-20 bounty in its token", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const token = await viem.deployContract("MockERC20", [0n]);
      await token.write.mint([f.submitter.account.address, parseEther("2")]);
      await token.write.approve([f.sessions.address, parseEther("2")], { account: f.submitter.account });
      await f.sessions.write.createSession([{ ...f.params, token: token.address, bounty: parseEther("2") }], { account: f.submitter.account });
      await networkHelpers.time.increaseTo(f.deadline + 1n);
      await f.sessions.write.refund([2n], { account: f.submitter.account });
      assert.equal(await token.read.balanceOf([f.submitter.account.address]), parseEther("2"));
      assert.equal(await token.read.balanceOf([f.sessions.address]), 0n);
    });

    it("reverts before the deadline, for another caller, and once settled", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await reverts(f, f.sessions.write.refund([f.sessionId], { account: f.submitter.account }), "RefundTooEarly", [f.sessionId, f.deadline]);
      await reverts(f, f.sessions.write.refund([f.sessionId], { account: f.stranger.account }), "NotSubmitter", [f.sessionId, f.stranger.account.address]);
      await recordRound(f, 1, ROUND);
      await settle(f);
      await networkHelpers.time.increaseTo(f.deadline + 1n);
      await reverts(f, f.sessions.write.refund([f.sessionId], { account: f.submitter.account }), "SessionNotOpen", [f.sessionId, sessionStatusCode("Settled")]);
    });
  });
});

import assert from "node:assert/strict";
import { sessionStatusCode } from "../../sdk/protocol/enums.ts";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, type Hex, concat, encodeFunctionData, hashTypedData, keccak256, parseEventLogs, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeBallotVotes } from "../../sdk/protocol/ballot.ts";
import { BALLOT_TYPE_STRING, ballotTypes, sessionsDomain } from "../../sdk/protocol/eip712.ts";
import { VOTE_CREDITS } from "../../sdk/protocol/qv.ts";
import {
  BOUNTY,
  TASK_HASH,
  buildRound,
  deploySessionFixture,
  registerMore,
  roundArgs,
  roundHashes,
  type SessionFixture,
} from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

/** Records round 1 of the fixture session and returns its scores. */
async function recordRound1(f: SessionFixture, endorsements: number[][], sessionId = f.sessionId) {
  const built = await buildRound(f, sessionId, 1, roundHashes(1), endorsements);
  const hash = await f.sessions.write.recordRound(roundArgs(sessionId, 1, built), { account: f.orchestrator.account });
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseEventLogs({ abi: f.sessions.abi, logs: receipt.logs, eventName: "RoundRecorded" });
  assert.ok(event);
  return event.args;
}

async function settle(f: SessionFixture, sessionId = f.sessionId) {
  const hash = await f.sessions.write.settle([sessionId], { account: f.orchestrator.account });
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseEventLogs({ abi: f.sessions.abi, logs: receipt.logs, eventName: "SessionSettled" });
  assert.ok(event);
  return event.args;
}

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

/**
 * A minimal operator contract for the failed-transfer path: it forwards any call whose calldata is
 * `target ‖ data` to `target` (bubbling a revert) and reverts on plain ETH, so it can register an
 * agent and claim but never receive its payout. Runtime (41 bytes), after a 9-byte constructor:
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
  describe("EIP-712", () => {
    it("BALLOT_TYPEHASH is keccak256 of the sdk's type string", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      assert.equal(await f.sessions.read.BALLOT_TYPEHASH(), keccak256(toHex(BALLOT_TYPE_STRING)));
    });

    it("VOTE_CREDITS equals the sdk's", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      assert.equal(await f.sessions.read.VOTE_CREDITS(), VOTE_CREDITS);
    });

    it("the domain matches sessionsDomain", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const [, name, version, chainId, verifyingContract] = await f.sessions.read.eip712Domain();
      const expected = sessionsDomain(f.chainId, f.sessions.address);
      assert.deepEqual(
        { name, version, chainId: Number(chainId), verifyingContract: verifyingContract.toLowerCase() },
        { ...expected, verifyingContract: f.sessions.address.toLowerCase() },
      );
    });

    it("ballotDigest equals viem's hashTypedData with the sdk's types and domain", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const votes = encodeBallotVotes([-100, 0, 37]);
      const proposalHash = roundHashes(4)[1]!;
      const expected = hashTypedData({
        domain: sessionsDomain(f.chainId, f.sessions.address),
        types: ballotTypes,
        primaryType: "Ballot",
        message: { sessionId: 7n, round: 4, proposalHash, votes },
      });
      assert.equal(await f.sessions.read.ballotDigest([7n, 4, proposalHash, votes]), expected);
    });
  });

  describe("settle", () => {
    it("pays pro rata to positive support, dust to the winner, summing to the bounty", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const { scores, winnerIndex } = await recordRound1(f, [[0, 80, -20], [50, 0, 50], [10, 90, 0]]);
      const support = await f.sessions.read.support([f.sessionId]);
      assert.deepEqual(support, scores.map((s) => (s > 0n ? s : 0n)));
      const total = sum(support);
      const expected = support.map((s) => (BOUNTY * s) / total);
      expected[Number(winnerIndex)]! += BOUNTY - sum(expected);

      const event = await settle(f);
      assert.deepEqual(event.payouts, expected);
      assert.equal(sum(event.payouts), BOUNTY);
      assert.equal(event.winnerAgentId, f.agentIds[Number(winnerIndex)]);
      const s = await f.sessions.read.getSession([f.sessionId]);
      assert.equal(s.status, sessionStatusCode("Settled"));
      assert.equal(event.winnerProposalHash, s.winnerProposalHash);
      for (const [i, op] of f.operators.entries()) {
        assert.equal(await f.sessions.read.claimable([op.account.address]), expected[i]);
      }
    });

    it("splits equally when no proposal has positive support", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const { winnerIndex } = await recordRound1(f, [[0, -50, -50], [0, 0, 0], [-10, 0, 0]]);
      assert.deepEqual(await f.sessions.read.support([f.sessionId]), [0n, 0n, 0n]);
      const share = BOUNTY / 3n;
      const expected = [share, share, share];
      expected[Number(winnerIndex)]! += BOUNTY - 3n * share;
      const event = await settle(f);
      assert.deepEqual(event.payouts, expected);
      assert.equal(sum(event.payouts), BOUNTY);
    });

    it("credits one payee for every agent it operates", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const op = f.operators[0]!.account.address;
      const { ids, signers } = await registerMore(f, op, 1);
      await f.sessions.write.createSession([TASK_HASH, [1n, 2n, ids[0]!], f.orchestrator.account.address, 1], {
        value: BOUNTY,
      });
      const g = { ...f, signers: [f.signers[0]!, f.signers[1]!, signers[0]!] };
      await recordRound1(g, [[0, 50, 50], [50, 0, 50], [50, 50, 0]], 2n);
      const { payouts } = await settle(g, 2n);
      assert.equal(await f.sessions.read.claimable([op]), payouts[0]! + payouts[2]!);
    });

    it("reverts before any round is recorded", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account }),
        f.sessions,
        "NoRoundsRecorded",
        [f.sessionId],
      );
    });

    it("reverts for an unknown session, a stranger and a settled session", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.settle([5n], { account: f.orchestrator.account }),
        f.sessions,
        "UnknownSession",
        [5n],
      );
      await recordRound1(f, [[0, 1, 1], [1, 0, 1], [1, 1, 0]]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.settle([f.sessionId], { account: f.submitter.account }),
        f.sessions,
        "NotOrchestrator",
        [f.sessionId, f.submitter.account.address],
      );
      await settle(f);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account }),
        f.sessions,
        "SessionNotOpen",
        [f.sessionId, 2],
      );
    });
  });

  describe("claim", () => {
    it("moves the payout to the operator once; a second claim reverts", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound1(f, [[0, 80, 20], [50, 0, 50], [10, 90, 0]]);
      const { payouts } = await settle(f);
      const op = f.operators[1]!;
      const amount = payouts[1]!;
      assert.ok(amount > 0n);
      const tx = f.sessions.write.claim({ account: op.account });
      await viem.assertions.balancesHaveChanged(tx, [
        { address: op.account.address, amount },
        { address: f.sessions.address, amount: -amount },
      ]);
      await viem.assertions.emitWithArgs(tx, f.sessions, "PayoutClaimed", [op.account.address, amount]);
      assert.equal(await f.sessions.read.claimable([op.account.address]), 0n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.claim({ account: op.account }),
        f.sessions,
        "NothingToClaim",
        [op.account.address],
      );
    });

    it("leaves no wei behind once every payee has claimed", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await recordRound1(f, [[0, 33, 67], [13, 0, 87], [71, 29, 0]]);
      await settle(f);
      for (const op of f.operators) await f.sessions.write.claim({ account: op.account });
      assert.equal(await f.publicClient.getBalance({ address: f.sessions.address }), 0n);
    });

    it("reverts with TransferFailed when the payee rejects ETH", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const deployer = f.stranger;
      const deployHash = await deployer.sendTransaction({ data: REJECTING_FORWARDER });
      const { contractAddress } = await f.publicClient.waitForTransactionReceipt({ hash: deployHash });
      assert.ok(contractAddress);
      const forwarder: Address = contractAddress;
      const via = (target: Address, data: Hex) => deployer.sendTransaction({ to: forwarder, data: concat([target, data]) });

      const signer = privateKeyToAccount(generatePrivateKey());
      const registerArgs = [signer.address, "simulated/rejecting"] as const;
      await via(f.registry.address, encodeFunctionData({ abi: f.registry.abi, functionName: "registerAgent", args: registerArgs }));
      const agentId = await f.registry.read.agentIdOf([signer.address]);
      assert.equal((await f.registry.read.getAgent([agentId])).operator.toLowerCase(), forwarder.toLowerCase());
      await f.sessions.write.createSession([TASK_HASH, [1n, agentId], f.orchestrator.account.address, 1], {
        value: 10n,
      });
      const g = { ...f, signers: [f.signers[0]!, signer] };
      const built = await buildRound(g, 2n, 1, roundHashes(1, 2), [[0, 10], [10, 0]]);
      await f.sessions.write.recordRound(roundArgs(2n, 1, built), { account: f.orchestrator.account });
      const { payouts } = await settle(g, 2n);
      assert.equal(await f.sessions.read.claimable([forwarder]), payouts[1]);

      await viem.assertions.revertWithCustomErrorWithArgs(
        via(f.sessions.address, encodeFunctionData({ abi: f.sessions.abi, functionName: "claim" })),
        f.sessions,
        "TransferFailed",
        [forwarder, payouts[1]!],
      );
      assert.equal(await f.sessions.read.claimable([forwarder]), payouts[1]);
    });
  });
});


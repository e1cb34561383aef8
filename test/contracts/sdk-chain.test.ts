// The SDK's chain actions (@concord/agent-sdk/chain) on an in-process hardhat network: each call
// as a script makes it, its result checked against the contract's own views, and each refusal
// checked for the code and sentence a person reads.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { erc20Abi, keccak256, parseEther, stringToBytes, zeroHash } from "viem";
import { ConcordError, revertName, roundTermsWeights, taskFamilyId, taskHash, type Deployment, type ErrorCode } from "@concord/agent-sdk/protocol";
import { claim, createSession, distributeRoyalty, readClaimable, readSession, refund, settle } from "@concord/agent-sdk/chain";
import { deploySessionFixture, type SessionFixture } from "../support/contract-fixtures.ts";
import { record, ROUND_1 } from "../support/round-helpers.ts";

const { viem, networkHelpers } = await network.create();

/** The fixture (session 1 open with three agents, nothing recorded) and its deployment record. */
async function sdkFixture() {
  const f = await deploySessionFixture(viem);
  const deployment: Deployment = {
    chainId: f.chainId, rpcUrl: "http://127.0.0.1:8545", deployedAtBlock: "0",
    contracts: { AgentRegistry: f.registry.address, Sessions: f.sessions.address },
  };
  return { f, deployment };
}
const load = () => networkHelpers.loadFixture(sdkFixture);

/** Rejects with a ConcordError of `code` whose message matches `message`. */
async function refused(call: Promise<unknown>, code: ErrorCode, message: RegExp, errorName?: string) {
  await assert.rejects(call, (error) => {
    assert.ok(error instanceof ConcordError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    if (errorName) assert.equal(revertName(error), errorName);
    return true;
  });
}

const TASK = "How many primes are below 30?";

async function openSession(f: SessionFixture, deployment: Deployment, extra: { deadlineSeconds?: bigint; token?: `0x${string}`; taskFamily?: string } = {}) {
  return createSession(f.submitter, deployment, {
    task: TASK, agentIds: f.agentIds, bounty: parseEther("0.5"), orchestrator: f.orchestrator.account.address, ...extra,
  });
}

describe("@concord/agent-sdk/chain", () => {
  describe("createSession", () => {
    it("escrows an ETH bounty, commits to the task by hash and data: URI, and returns the new id", async () => {
      const { f, deployment } = await load();
      const before = await f.publicClient.getBalance({ address: f.sessions.address });
      const created = await openSession(f, deployment, { deadlineSeconds: 600n });
      assert.equal(created.sessionId, 2n, "the fixture created session 1");
      assert.equal(created.approveTxHash, undefined);
      assert.equal(await f.publicClient.getBalance({ address: f.sessions.address }) - before, parseEther("0.5"));
      const session = await readSession(f.publicClient, deployment, created.sessionId);
      assert.equal(session.task, TASK);
      assert.equal(session.taskHash, taskHash(TASK));
      assert.equal(session.status, "Open");
      assert.deepEqual(session.agentIds, f.agentIds);
      assert.equal(session.submitter.toLowerCase(), f.submitter.account.address.toLowerCase());
      assert.equal(session.deadline, created.deadline);
      assert.equal(session.maxRounds, 5);
      assert.deepEqual(session.rounds, []);
    });

    it("names the task family as taskFamilyId(name), and none when not given", async () => {
      const { f, deployment } = await load();
      const named = await openSession(f, deployment, { taskFamily: "arithmetic" });
      assert.equal(await f.sessions.read.taskFamily([named.sessionId]), taskFamilyId("arithmetic"));
      assert.equal((await readSession(f.publicClient, deployment, named.sessionId)).taskFamily, taskFamilyId("arithmetic"));
      assert.equal(taskFamilyId("arithmetic"), keccak256(stringToBytes("arithmetic")));
      const plain = await openSession(f, deployment);
      assert.equal(await f.sessions.read.taskFamily([plain.sessionId]), zeroHash);
      assert.equal((await readSession(f.publicClient, deployment, plain.sessionId)).taskFamily, zeroHash);
      const roundTerms = await f.sessions.read.roundTerms([named.sessionId]);
      assert.deepEqual(roundTermsWeights(roundTerms), [1, 1, 1], "no history in the family yet");
    });

    it("approves an ERC-20 first when the allowance is short, and not when it covers the bounty", async () => {
      const { f, deployment } = await load();
      const token = await viem.deployContract("MockERC20", [0n]);
      await token.write.mint([f.submitter.account.address, parseEther("2")]);
      const first = await openSession(f, deployment, { token: token.address });
      assert.ok(first.approveTxHash, "an approve was sent");
      assert.equal(await token.read.balanceOf([f.sessions.address]), parseEther("0.5"));
      await f.submitter.writeContract({ address: token.address, abi: erc20Abi, functionName: "approve", args: [f.sessions.address, parseEther("1")] });
      const second = await openSession(f, deployment, { token: token.address });
      assert.equal(second.approveTxHash, undefined);
      assert.equal((await readSession(f.publicClient, deployment, second.sessionId)).token.toLowerCase(), token.address.toLowerCase());
    });

    it("refuses a submitter naming itself orchestrator, saying so", async () => {
      const { f, deployment } = await load();
      await refused(
        createSession(f.submitter, deployment, { task: TASK, agentIds: f.agentIds, bounty: 1n, orchestrator: f.submitter.account.address }),
        "CONFIG_INVALID", /named itself orchestrator/, "SubmitterIsOrchestrator",
      );
    });
  });

  describe("readSession", () => {
    it("returns each recorded round as its event has it", async () => {
      const { f, deployment } = await load();
      const { event } = await record(f, 1, ROUND_1);
      const session = await readSession(f.publicClient, deployment, f.sessionId);
      assert.equal(session.rounds.length, 1);
      assert.equal(session.rounds[0]!.winnerIndex, event.winnerIndex);
      assert.deepEqual(session.rounds[0]!.scores, event.scores.map(BigInt));
      assert.equal(session.task, undefined, "the fixture's task URI is ipfs://, not data:");
    });

    it("says there is no such session", async () => {
      const { f, deployment } = await load();
      await refused(readSession(f.publicClient, deployment, 99n), "SESSION_NOT_FOUND", /no session has id 99/);
    });
  });

  describe("settle, distributeRoyalty and claim", () => {
    it("settles, credits an agent's royalty to its operator, who claims exactly that", async () => {
      const { f, deployment } = await load();
      await record(f, 1, ROUND_1);
      const { settlement } = await settle(f.orchestrator, deployment, f.sessionId);
      assert.ok(settlement);
      assert.equal((await readSession(f.publicClient, deployment, f.sessionId)).status, "Settled");
      assert.equal((await settle(f.orchestrator, deployment, f.sessionId)).settlement, undefined, "a repeat changes nothing");

      const operator = f.operators[0]!;
      const before = await readClaimable(f.publicClient, deployment, operator.account.address);
      const distributed = await distributeRoyalty(f.stranger, deployment, { sessionId: f.sessionId, agentIndex: 0 });
      assert.equal(distributed.amount, settlement.payouts[0]);
      assert.deepEqual(distributed.recipients.map((a) => a.toLowerCase()), [operator.account.address.toLowerCase()]);
      assert.equal(await readClaimable(f.publicClient, deployment, operator.account.address) - before, settlement.payouts[0]);
      assert.deepEqual((await readSession(f.publicClient, deployment, f.sessionId)).settlement?.distributed, [true, false, false]);
      await refused(distributeRoyalty(f.stranger, deployment, { sessionId: f.sessionId, agentIndex: 0 }), "CHAIN_CALL_FAILED", /already distributed/, "RoyaltyAlreadyDistributed");

      const claimed = await claim(operator, deployment);
      assert.equal(claimed.amount, before + settlement.payouts[0]!);
      await refused(claim(operator, deployment), "CHAIN_CALL_FAILED", /has nothing to claim in ETH/, "NothingToClaim");
    });

    it("refuses to settle before minRounds, saying how many are recorded", async () => {
      const { f, deployment } = await load();
      await refused(settle(f.orchestrator, deployment, f.sessionId), "CHAIN_CALL_FAILED", /recorded 0 rounds; it needs 1 to settle/, "TooFewRounds");
    });
  });

  describe("refund", () => {
    it("refuses before the deadline (saying when), from another account, and once refunded; refunds the submitter after", async () => {
      const { f, deployment } = await load();
      const { sessionId, deadline } = await openSession(f, deployment, { deadlineSeconds: 120n });
      const when = new Date(Number(deadline) * 1000).toISOString().replace(".000Z", "Z");
      await refused(refund(f.submitter, deployment, sessionId), "DEADLINE_NOT_PASSED", new RegExp(`only after ${when}: its deadline`), "RefundTooEarly");
      await networkHelpers.time.increaseTo(deadline + 1n);
      await refused(refund(f.stranger, deployment, sessionId), "NOT_SUBMITTER", /is not the submitter of session 2/, "NotSubmitter");
      const before = await f.publicClient.getBalance({ address: f.sessions.address });
      const refunded = await refund(f.submitter, deployment, sessionId);
      assert.equal(refunded.amount, parseEther("0.5"));
      assert.equal(before - await f.publicClient.getBalance({ address: f.sessions.address }), parseEther("0.5"));
      assert.equal((await readSession(f.publicClient, deployment, sessionId)).status, "Refunded");
      await refused(refund(f.submitter, deployment, sessionId), "SESSION_NOT_OPEN", /session 2 is already Refunded/, "SessionNotOpen");
    });

    it("says a settled session is not refunded and an unknown one does not exist", async () => {
      const { f, deployment } = await load();
      await record(f, 1, ROUND_1);
      await settle(f.orchestrator, deployment, f.sessionId);
      await refused(refund(f.submitter, deployment, f.sessionId), "SESSION_NOT_OPEN", /session 1 is already Settled/);
      await refused(refund(f.submitter, deployment, 42n), "SESSION_NOT_FOUND", /no session has id 42/);
    });

    it("refunds before the deadline, once the claim's grace passed, a session whose orchestrator claimed it failed", async () => {
      const { f, deployment } = await load();
      await f.sessions.write.failSession([f.sessionId, "every model is down", "0x"], { account: f.orchestrator.account });
      const claimed = await readSession(f.publicClient, deployment, f.sessionId);
      assert.equal(claimed.failureClaimed, true);
      assert.ok(claimed.refundAfter < claimed.deadline, "the claim's grace ends before the deadline");
      const when = new Date(Number(claimed.refundAfter) * 1000).toISOString().replace(".000Z", "Z");
      await refused(refund(f.submitter, deployment, f.sessionId), "DEADLINE_NOT_PASSED", new RegExp(`only after ${when}: its deadline, or sooner`), "RefundTooEarly");
      await networkHelpers.time.increaseTo(claimed.refundAfter + 1n);
      assert.ok(claimed.deadline > (await f.publicClient.getBlock()).timestamp, "the deadline is still ahead");
      assert.equal((await refund(f.submitter, deployment, f.sessionId)).amount, f.params.bounty);
      assert.equal((await readSession(f.publicClient, deployment, f.sessionId)).status, "Refunded");
    });

    it("refuses a session that recorded its minimum rounds: it is settled instead", async () => {
      const { f, deployment } = await load();
      await record(f, 1, ROUND_1);
      await networkHelpers.time.increaseTo(f.deadline + 1n);
      await refused(refund(f.submitter, deployment, f.sessionId), "SESSION_NOT_REFUNDABLE", /paid by settling it/, "RefundAfterMinRounds");
    });
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, parseEther, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { parseSessionCreatedLogs, sessionStatusCode } from "@concord/agent-sdk/protocol";
import {
  agentKeyConsent, BOUNTY, FEE_BPS, MAX_ROUNDS, TASK_HASH, TASK_URI, deploySessionFixture, registerMore, type SessionFixture, type SessionsErrorName, type SessionParams,
} from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

/** Creates a session from the fixture's params with `overrides`, paying `value` (the bounty by default). */
function create(f: SessionFixture, overrides: Partial<SessionParams> = {}, value?: bigint) {
  const params = { ...f.params, ...overrides };
  return f.sessions.write.createSession([params], { account: f.submitter.account, value: value ?? (params.token === zeroAddress ? params.bounty : 0n) });
}

function reverts(f: SessionFixture, write: Promise<Hex>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write, f.sessions, error, args as never);
}

/** A mock ERC-20 (optionally fee-on-transfer) with `amount` minted to and approved by the submitter. */
async function fundedToken(f: SessionFixture, feeBps = 0n, amount = parseEther("10")) {
  const token = await viem.deployContract("MockERC20", [feeBps]);
  await token.write.mint([f.submitter.account.address, amount]);
  await token.write.approve([f.sessions.address, amount], { account: f.submitter.account });
  return token;
}

describe("Sessions", () => {
  describe("createSession", () => {
    it("escrows the bounty, stores the session and snapshots signers and split hashes", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const s = await f.sessions.read.getSession([f.sessionId]);
      assert.equal(s.submitter.toLowerCase(), f.submitter.account.address.toLowerCase());
      assert.equal(s.orchestrator.toLowerCase(), f.orchestrator.account.address.toLowerCase());
      assert.equal(s.token, zeroAddress);
      assert.equal(s.taskHash, TASK_HASH);
      assert.equal(s.bounty, BOUNTY);
      assert.equal(s.minRounds, 1);
      assert.equal(s.maxRounds, MAX_ROUNDS);
      assert.equal(s.voteCredits, 10_000);
      assert.equal(s.deadline, f.deadline);
      assert.equal(s.roundsRecorded, 0);
      assert.equal(s.status, sessionStatusCode("Open"));
      assert.equal(s.winnerAgentId, 0n);
      assert.equal(await f.sessions.read.sessionCount(), 1n);
      assert.deepEqual(await f.sessions.read.getAgentIds([f.sessionId]), f.agentIds);
      assert.deepEqual(await f.sessions.read.getSigners([f.sessionId]), f.signers.map((a) => a.address));
      const hashes = await Promise.all(f.agentIds.map(async (id) => (await f.registry.read.getAgent([id])).splitHash));
      assert.deepEqual(await f.sessions.read.getSplitHashes([f.sessionId]), hashes);
      assert.deepEqual(await f.sessions.read.support([f.sessionId]), [0n, 0n, 0n]);
      assert.equal(await f.publicClient.getBalance({ address: f.sessions.address }), BOUNTY);
      assert.equal((await f.sessions.read.registry()).toLowerCase(), f.registry.address.toLowerCase());
      assert.equal(await f.sessions.read.FEE_BPS(), FEE_BPS);
      assert.equal((await f.sessions.read.TREASURY()).toLowerCase(), f.treasury.account.address.toLowerCase());
    });

    it("emits SessionCreated with the params, fee and split hashes", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const hash = await create(f, { agentIds: [3n, 1n], maxRounds: 5, bounty: parseEther("2") });
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      const [event] = parseSessionCreatedLogs({ logs: receipt.logs });
      assert.ok(event);
      assert.equal(event.sessionId, 2n);
      assert.equal(event.params.bounty, parseEther("2"));
      assert.deepEqual(event.params.agentIds, [3n, 1n]);
      assert.equal(event.params.maxRounds, 5);
      assert.equal(event.params.taskURI, TASK_URI);
      assert.equal(event.fee, (parseEther("2") * FEE_BPS) / 10_000n);
      assert.equal(event.splitHashes.length, 2);
    });

    it("later registry changes do not touch a running session's snapshot", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const before = await f.sessions.read.getSplitHashes([f.sessionId]);
      const next = privateKeyToAccount(generatePrivateKey());
      await f.registry.write.setSplit([1n, { recipients: [f.stranger.account.address], bps: [10_000] }], { account: f.operators[0]!.account });
      await f.registry.write.updateAgent([1n, next.address, "m", "", await agentKeyConsent(f, next, f.operators[0]!.account.address, "m")], { account: f.operators[0]!.account });
      assert.deepEqual(await f.sessions.read.getSplitHashes([f.sessionId]), before);
      assert.equal((await f.sessions.read.getSigners([f.sessionId]))[0], f.signers[0]!.address);
    });

    it("escrows an ERC-20 bounty measured by balance delta", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const token = await fundedToken(f);
      await create(f, { token: token.address, bounty: parseEther("3") });
      assert.equal(await token.read.balanceOf([f.sessions.address]), parseEther("3"));
      assert.equal((await f.sessions.read.getSession([2n])).token.toLowerCase(), token.address.toLowerCase());
    });

    describe("reverts", () => {
      it("reverts when a fee-on-transfer token delivers less than the bounty", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const token = await fundedToken(f, 100n);
        const bounty = parseEther("1");
        await reverts(f, create(f, { token: token.address, bounty }), "FeeOnTransferToken", [token.address, bounty, bounty - bounty / 100n]);
      });

      it("reverts when ETH comes with an ERC-20 bounty or differs from an ETH bounty", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const token = await fundedToken(f);
        await reverts(f, create(f, { token: token.address }, 1n), "EthValueMismatch", [1n, 0n]);
        await reverts(f, create(f, {}, BOUNTY - 1n), "EthValueMismatch", [BOUNTY - 1n, BOUNTY]);
      });

      it("reverts when the bounty is zero", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await viem.assertions.revertWithCustomError(create(f, { bounty: 0n }), f.sessions, "ZeroBounty");
      });

      it("reverts when the bounty is so small that a share would floor to zero", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        // 3 agents, 3 rounds, |v| ≤ 100, one recipient: the support pool needs 3·2·3·100 = 1 800 wei.
        await reverts(f, create(f, { bounty: 2_000n }), "BountyTooSmall", [2_000n, 1_584n, 1_800n]);
        await reverts(f, create(f, { bounty: 50n }), "BountyTooSmall", [50n, 0n, 1n]);
      });

      it("reverts when the orchestrator is zero", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await viem.assertions.revertWithCustomError(create(f, { orchestrator: zeroAddress }), f.sessions, "ZeroOrchestrator");
      });

      it("reverts when the submitter names itself orchestrator", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const submitter = f.submitter.account.address;
        await reverts(f, create(f, { orchestrator: submitter }), "SubmitterIsOrchestrator", [submitter]);
      });

      it("reverts when the bounty is above MAX_BOUNTY (2^240 − 1), where settlement could overflow", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const max = await f.sessions.read.MAX_BOUNTY();
        assert.equal(max, 2n ** 240n - 1n);
        // 2^245 used to be accepted; settle then overflowed. The check precedes the deposit.
        await reverts(f, create(f, { bounty: 2n ** 245n }, 0n), "BountyTooLarge", [2n ** 245n, max]);
        await reverts(f, create(f, { bounty: max + 1n }, 0n), "BountyTooLarge", [max + 1n, max]);
      });

      it("reverts with fewer than MIN_AGENTS or more than MAX_AGENTS agents", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await reverts(f, create(f, { agentIds: [1n] }), "AgentCountOutOfRange", [1n, 2n, 10n]);
        const { ids } = await registerMore(f, f.operators[0]!.account.address, 8);
        await reverts(f, create(f, { agentIds: [...f.agentIds, ...ids] }), "AgentCountOutOfRange", [11n, 2n, 10n]);
      });

      it("reverts when an agent is listed twice", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await reverts(f, create(f, { agentIds: [1n, 2n, 1n] }), "DuplicateAgent", [1n]);
      });

      it("reverts when an agent is retired", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await f.registry.write.retireAgent([2n], { account: f.operators[1]!.account });
        await reverts(f, create(f), "RetiredAgent", [2n]);
      });

      it("reverts on rounds outside 1 ≤ min ≤ max ≤ MAX_ROUNDS", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        for (const [minRounds, maxRounds] of [[0, 3], [4, 3], [1, 65]] as const) {
          await reverts(f, create(f, { minRounds, maxRounds }), "InvalidRounds", [minRounds, maxRounds, 64]);
        }
      });

      it("reverts on vote credits of 0 or above MAX_VOTE_CREDITS", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await reverts(f, create(f, { voteCredits: 0 }), "InvalidVoteCredits", [0, 10_000]);
        await reverts(f, create(f, { voteCredits: 10_001 }), "InvalidVoteCredits", [10_001, 10_000]);
      });

      it("reverts on a deadline that is not in the future", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await viem.assertions.revertWithCustomError(create(f, { deadline: 1n }), f.sessions, "InvalidDeadline");
      });

      it("bubbles UnknownAgent from the registry", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await viem.assertions.revertWithCustomErrorWithArgs(create(f, { agentIds: [1n, 99n] }), f.registry, "UnknownAgent", [99n]);
      });
    });
  });

  describe("constructor", () => {
    it("reverts on a fee above MAX_FEE_BPS or a zero treasury", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await assert.rejects(viem.deployContract("Sessions", [f.registry.address, f.treasury.account.address, 1_001n]), /InvalidFee/);
      await assert.rejects(viem.deployContract("Sessions", [f.registry.address, zeroAddress, 100n]), /InvalidFee/);
    });
  });

  describe("getSession", () => {
    it("reverts for an unknown session", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await reverts(f, f.sessions.read.getSession([2n]) as unknown as Promise<Hex>, "UnknownSession", [2n]);
    });
  });
});

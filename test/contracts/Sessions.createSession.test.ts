import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, parseEther, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  parseSessionCreatedLogs, roundTermsAbsenceGrace, roundTermsAgentCount, roundTermsFairVote, roundTermsVoteCredits, roundTermsWeights, sessionStatusCode,
} from "@concord/agent-sdk/protocol";
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
      assert.deepEqual(await f.sessions.read.quality([f.sessionId]), [0n, 0n, 0n]);
      assert.equal(await f.sessions.read.disputableUntil([f.sessionId]), 0n);
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

    it("stores L, the shared-operators bit and the grace in the round terms", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const terms = await f.sessions.read.roundTerms([f.sessionId]);
      // 3 agents, 10 000 credits: L = ⌊√5 000⌋ = 70; three operators; no grace.
      assert.equal(roundTermsFairVote(terms), 70);
      assert.equal(Number((terms >> 120n) & 0x7fn), 70);
      assert.equal((terms >> 127n) & 1n, 0n);
      assert.equal(roundTermsAbsenceGrace(terms), 0);
      assert.equal(terms >> 184n, 0n, "the terms fit ROUND_TERMS_BYTES");
      assert.deepEqual(roundTermsWeights(terms), [1, 1, 1], "fresh agents weigh 1");
      const { ids } = await registerMore(f, f.operators[0]!.account.address, 1);
      const cases = [
        // [agents, credits, grace, L, shared]
        [[1n, 2n], 10_000, 30, 100, 0n],
        [[1n, ids[0]!], 10_000, 3_600, 100, 1n],
        [[1n, 2n, 3n, ids[0]!], 400, 1, 11, 1n],
        [[1n, 2n, 3n], 1, 65, 1, 0n],
      ] as const;
      for (const [i, [agentIds, voteCredits, absenceGrace, l, shared]] of cases.entries()) {
        const bounty = parseEther("1");
        await create(f, { agentIds: [...agentIds], voteCredits, absenceGrace, bounty });
        const t = await f.sessions.read.roundTerms([BigInt(i + 2)]);
        assert.equal(roundTermsFairVote(t), l, `case ${i}: L`);
        assert.equal((t >> 127n) & 1n, shared, `case ${i}: shared operators`);
        assert.equal(roundTermsAbsenceGrace(t), absenceGrace, `case ${i}: grace`);
        assert.equal(Number((t >> 128n) & 0xffffn), absenceGrace);
        assert.equal(roundTermsVoteCredits(t), voteCredits);
        assert.equal(roundTermsAgentCount(t), agentIds.length);
      }
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

      it("reverts when the net is below n · maxRounds · 2L · ⌈10 000 / minBps⌉, and accepts it at that threshold", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        // 3 agents, 3 rounds, L = 70, one recipient each: 3 · 3 · 140 · 1 = 1 260 wei of net.
        // 1 272 wei: fee ⌊12.72⌋ = 12, net 1 260. One wei less: fee 12, net 1 259.
        await reverts(f, create(f, { bounty: 1_271n }), "BountyTooSmall", [1_271n, 1_259n, 1_260n]);
        await create(f, { bounty: 1_272n });
        // 400 credits: L = ⌊√200⌋ = 14, so 3 · 3 · 28 = 252; 254 wei gives fee 2, net 252.
        await reverts(f, create(f, { bounty: 253n, voteCredits: 400 }), "BountyTooSmall", [253n, 251n, 252n]);
        await create(f, { bounty: 254n, voteCredits: 400 });
        // A 3 333 / 6 667 split: ⌈10 000 / 3 333⌉ = 4; 2 agents (L = 100) · 1 round · 200 · 4 = 1 600;
        // 1 616 wei: fee 16, net 1 600; 1 615 wei: fee 16, net 1 599.
        const recipients = [f.stranger.account.address, f.operators[0]!.account.address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
        await f.registry.write.setSplit([1n, { recipients, bps: [3_333, 6_667] }], { account: f.operators[0]!.account });
        await reverts(f, create(f, { agentIds: [1n, 2n], maxRounds: 1, bounty: 1_615n }), "BountyTooSmall", [1_615n, 1_599n, 1_600n]);
        await create(f, { agentIds: [1n, 2n], maxRounds: 1, bounty: 1_616n });
        await reverts(f, create(f, { bounty: 50n }), "BountyTooSmall", [50n, 0n, 1n]);
      });

      it("reverts when absenceGrace is above MAX_ABSENCE_GRACE", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await reverts(f, create(f, { absenceGrace: 3_601 }), "AbsenceGraceTooLong", [3_601, 3_600]);
        await create(f, { absenceGrace: 3_600 });
        assert.equal(roundTermsAbsenceGrace(await f.sessions.read.roundTerms([2n])), 3_600);
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

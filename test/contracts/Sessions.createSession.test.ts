import assert from "node:assert/strict";
import { sessionStatusCode } from "../../sdk/protocol/enums.ts";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { parseEventLogs, zeroAddress } from "viem";
import { BOUNTY, MAX_ROUNDS, TASK_HASH, deploySessionFixture, registerMore } from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

describe("Sessions", () => {
  describe("createSession", () => {
    it("escrows the bounty, stores the session and snapshots signers and payees", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const s = await f.sessions.read.getSession([f.sessionId]);
      assert.equal(s.submitter.toLowerCase(), f.submitter.account.address.toLowerCase());
      assert.equal(s.orchestrator.toLowerCase(), f.orchestrator.account.address.toLowerCase());
      assert.equal(s.taskHash, TASK_HASH);
      assert.equal(s.bounty, BOUNTY);
      assert.equal(s.maxRounds, MAX_ROUNDS);
      assert.equal(s.roundsRecorded, 0);
      assert.equal(s.status, sessionStatusCode("Open"));
      assert.equal(s.winnerAgentId, 0n);
      assert.equal(await f.sessions.read.sessionCount(), 1n);
      assert.deepEqual(await f.sessions.read.getAgentIds([f.sessionId]), f.agentIds);
      assert.deepEqual(await f.sessions.read.getSigners([f.sessionId]), f.signers.map((a) => a.address));
      assert.deepEqual(
        (await f.sessions.read.getPayees([f.sessionId])).map((a) => a.toLowerCase()),
        f.operators.map((w) => w.account.address.toLowerCase()),
      );
      assert.deepEqual(await f.sessions.read.support([f.sessionId]), [0n, 0n, 0n]);
      assert.equal(await f.publicClient.getBalance({ address: f.sessions.address }), BOUNTY);
      assert.equal((await f.sessions.read.registry()).toLowerCase(), f.registry.address.toLowerCase());
    });

    it("emits SessionCreated with the agents and round limit", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const hash = await f.sessions.write.createSession([TASK_HASH, [3n, 1n], f.orchestrator.account.address, 5], {
        value: 7n,
      });
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      const [event] = parseEventLogs({ abi: f.sessions.abi, logs: receipt.logs, eventName: "SessionCreated" });
      assert.ok(event);
      assert.equal(event.args.sessionId, 2n);
      assert.equal(event.args.bounty, 7n);
      assert.deepEqual(event.args.agentIds, [3n, 1n]);
      assert.equal(event.args.maxRounds, 5);
      assert.equal(event.args.taskHash, TASK_HASH);
    });

    it("reverts when the bounty is zero", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.revertWithCustomError(
        f.sessions.write.createSession([TASK_HASH, f.agentIds, f.orchestrator.account.address, 1]),
        f.sessions,
        "ZeroBounty",
      );
    });

    it("reverts when the orchestrator is zero", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.revertWithCustomError(
        f.sessions.write.createSession([TASK_HASH, f.agentIds, zeroAddress, 1], { value: 1n }),
        f.sessions,
        "ZeroOrchestrator",
      );
    });

    it("reverts with fewer than MIN_AGENTS agents", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.createSession([TASK_HASH, [1n], f.orchestrator.account.address, 1], { value: 1n }),
        f.sessions,
        "AgentCountOutOfRange",
        [1n, 2n, 16n],
      );
    });

    it("reverts with more than MAX_AGENTS agents", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const { ids } = await registerMore(f, f.stranger.account.address, 14);
      const seventeen = [...f.agentIds, ...ids];
      assert.equal(seventeen.length, 17);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.createSession([TASK_HASH, seventeen, f.orchestrator.account.address, 1], { value: 1n }),
        f.sessions,
        "AgentCountOutOfRange",
        [17n, 2n, 16n],
      );
      // MAX_AGENTS itself is accepted.
      await f.sessions.write.createSession([TASK_HASH, seventeen.slice(0, 16), f.orchestrator.account.address, 1], {
        value: 1n,
      });
    });

    it("reverts when an agent is listed twice", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.createSession([TASK_HASH, [1n, 2n, 1n], f.orchestrator.account.address, 1], { value: 1n }),
        f.sessions,
        "DuplicateAgent",
        [1n],
      );
    });

    it("reverts when maxRounds is 0 or above MAX_ROUNDS", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const limit = await f.sessions.read.MAX_ROUNDS();
      for (const maxRounds of [0, limit + 1]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.createSession([TASK_HASH, f.agentIds, f.orchestrator.account.address, maxRounds], {
            value: 1n,
          }),
          f.sessions,
          "InvalidMaxRounds",
          [maxRounds, limit],
        );
      }
    });

    it("bubbles UnknownAgent from the registry", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.write.createSession([TASK_HASH, [1n, 4n], f.orchestrator.account.address, 1], { value: 1n }),
        f.registry,
        "UnknownAgent",
        [4n],
      );
    });
  });

  describe("getSession", () => {
    it("reverts for an unknown session", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.read.getSession([2n]),
        f.sessions,
        "UnknownSession",
        [2n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.sessions.read.getAgentIds([0n]),
        f.sessions,
        "UnknownSession",
        [0n],
      );
    });
  });
});

// The protocol limits and the session status enum in sdk/protocol against the compiled contracts:
// a change on either side alone fails here.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import hre, { network } from "hardhat";
import { type Address, maxUint256 } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  DEFAULT_ABSENCE_GRACE, MAX_ABSENCE_GRACE, MAX_FAILURE_REASON_BYTES, MAX_AGENTS, MAX_FEE_BPS, MAX_ID, MAX_ROUNDS, MAX_SPLIT_RECIPIENTS, MAX_VOTE_CREDITS,
  MIN_AGENTS, SPLIT_TOTAL_BPS, sessionStatusCode, sessionStatuses, VOTE_CREDITS,
} from "@concord/agent-sdk/protocol";
import { agentKeyConsent, deploySessionFixture, FEE_BPS } from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();

async function deployContracts() {
  const [deployer, operator] = await viem.getWalletClients();
  if (deployer === undefined || operator === undefined) throw new Error("missing wallet clients");
  const registry = await viem.deployContract("AgentRegistry");
  const sessions = await viem.deployContract("Sessions", [registry.address, deployer.account.address, FEE_BPS]);
  const publicClient = await viem.getPublicClient();
  /** registerAgent's args for a fresh key (model "m") with `split`, the key's consent included. */
  const registration = async (s: ReturnType<typeof split>) => {
    const key = privateKeyToAccount(generatePrivateKey());
    return [key.address, "m", "", s, await agentKeyConsent({ publicClient, registry }, key, operator.account.address, "m")] as const;
  };
  return { registry, sessions, operator, registration };
}

/** `count` distinct recipients, ascending, whose basis points sum to `total`. */
function split(count: number, total: number) {
  const recipients = Array.from({ length: count }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as Address);
  const bps = recipients.map((_, i) => (i === 0 ? total - (count - 1) : 1));
  return { recipients, bps };
}


/** The member names of enum `name` as the compiler saw them (from the build's AST). */
async function enumMembers(contract: string, name: string): Promise<string[]> {
  const buildInfoId = await hre.artifacts.getBuildInfoId(contract);
  const outputPath = buildInfoId && (await hre.artifacts.getBuildInfoOutputPath(buildInfoId));
  if (!outputPath) throw new Error(`no build output for ${contract}`);
  const { output } = JSON.parse(await readFile(outputPath, "utf8")) as { output: { sources: Record<string, { ast: unknown }> } };
  const found: string[][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    const n = node as { nodeType?: string; canonicalName?: string; members?: { name: string }[] };
    if (n.nodeType === "EnumDefinition" && n.canonicalName === name) found.push(n.members!.map((m) => m.name));
    Object.values(node).forEach(walk);
  };
  Object.values(output.sources).forEach((source) => walk(source.ast));
  if (found.length === 0) throw new Error(`enum ${name} not found in the build of ${contract}`);
  return found[0]!;
}

describe("protocol limits", () => {
  describe("Sessions constants", () => {
    it("MIN_AGENTS and MAX_AGENTS equal the sdk's", async () => {
      const { sessions } = await networkHelpers.loadFixture(deployContracts);
      assert.equal(await sessions.read.MIN_AGENTS(), BigInt(MIN_AGENTS));
      assert.equal(await sessions.read.MAX_AGENTS(), BigInt(MAX_AGENTS));
    });

    it("MAX_ROUNDS equals the sdk's", async () => {
      const { sessions } = await networkHelpers.loadFixture(deployContracts);
      assert.equal(await sessions.read.MAX_ROUNDS(), MAX_ROUNDS);
    });

    it("MAX_VOTE_CREDITS equals the sdk's, and the credits agents sign with", async () => {
      const { sessions } = await networkHelpers.loadFixture(deployContracts);
      assert.equal(await sessions.read.MAX_VOTE_CREDITS(), MAX_VOTE_CREDITS);
      assert.equal(VOTE_CREDITS, BigInt(MAX_VOTE_CREDITS));
    });

    it("MAX_FEE_BPS equals the sdk's", async () => {
      const { sessions } = await networkHelpers.loadFixture(deployContracts);
      assert.equal(await sessions.read.MAX_FEE_BPS(), BigInt(MAX_FEE_BPS));
    });

    it("MAX_ABSENCE_GRACE equals the sdk's, and the default grace is within it", async () => {
      const { sessions } = await networkHelpers.loadFixture(deployContracts);
      assert.equal(await sessions.read.MAX_ABSENCE_GRACE(), MAX_ABSENCE_GRACE);
      assert.ok(DEFAULT_ABSENCE_GRACE <= MAX_ABSENCE_GRACE);
    });

    it("session ids are uint256, the range MAX_ID closes", async () => {
      const { sessions } = await networkHelpers.loadFixture(deployContracts);
      const getSession = sessions.abi.find((item) => item.type === "function" && item.name === "getSession");
      assert.equal(getSession?.type === "function" && getSession.inputs[0]?.type, "uint256");
      assert.equal(MAX_ID, maxUint256);
    });
  });

  describe("failSession's reason (a private constant, through FailureReasonTooLong)", () => {
    it("MAX_FAILURE_REASON_BYTES is the longest reason failSession takes, and the bound its revert reports", async () => {
      const f = await deploySessionFixture(viem);
      const fail = (reason: string) => f.sessions.write.failSession([f.sessionId, reason, "0x"], { account: f.orchestrator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        fail("x".repeat(MAX_FAILURE_REASON_BYTES + 1)), f.sessions, "FailureReasonTooLong",
        [BigInt(MAX_FAILURE_REASON_BYTES + 1), BigInt(MAX_FAILURE_REASON_BYTES)],
      );
      await fail("x".repeat(MAX_FAILURE_REASON_BYTES));
      assert.equal(await f.sessions.read.failureClaimed([f.sessionId]), true);
    });
  });

  describe("royalty split limits (RoyaltySplit's constants, through AgentRegistry's reverts)", () => {
    it("MAX_SPLIT_RECIPIENTS is the bound SplitRecipientCount reports", async () => {
      const { registry, operator, registration } = await networkHelpers.loadFixture(deployContracts);
      const write = registry.write.registerAgent(
        await registration(split(MAX_SPLIT_RECIPIENTS + 1, SPLIT_TOTAL_BPS)), { account: operator.account },
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        write, registry, "SplitRecipientCount", [BigInt(MAX_SPLIT_RECIPIENTS + 1), BigInt(MAX_SPLIT_RECIPIENTS)],
      );
      await registry.write.registerAgent(await registration(split(MAX_SPLIT_RECIPIENTS, SPLIT_TOTAL_BPS)), { account: operator.account });
    });

    it("SPLIT_TOTAL_BPS is the sum a split must reach, no more, no less", async () => {
      const { registry, operator, registration } = await networkHelpers.loadFixture(deployContracts);
      for (const total of [SPLIT_TOTAL_BPS - 1, SPLIT_TOTAL_BPS + 1]) {
        const write = registry.write.registerAgent(await registration(split(2, total)), { account: operator.account });
        await viem.assertions.revertWithCustomErrorWithArgs(write, registry, "SplitTotal", [BigInt(total)]);
      }
      await registry.write.registerAgent(await registration(split(2, SPLIT_TOTAL_BPS)), { account: operator.account });
    });
  });

  describe("SessionStatus", () => {
    it("sessionStatuses lists ISessionsTypes.Status's members in declaration order", async () => {
      assert.deepEqual(await enumMembers("Sessions", "ISessionsTypes.Status"), [...sessionStatuses]);
    });

    it("sessionStatusCode is the member's index, the uint8 getSession returns", () => {
      sessionStatuses.forEach((status, code) => assert.equal(sessionStatusCode(status), code));
    });
  });
});

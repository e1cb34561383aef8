import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, encodeAbiParameters, keccak256, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

const { viem, networkHelpers } = await network.create();

const newSigner = () => privateKeyToAccount(generatePrivateKey()).address;
const solo = (recipient: Address) => ({ recipients: [recipient], bps: [10_000] });
/** Addresses sorted ascending, as a split requires. */
const ascending = (xs: Address[]) => [...xs].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
const splitHash = (split: { recipients: readonly Address[]; bps: readonly number[] }) =>
  keccak256(encodeAbiParameters([{ type: "address[]" }, { type: "uint16[]" }], [split.recipients, split.bps]));

async function deployRegistry() {
  const registry = await viem.deployContract("AgentRegistry");
  const [, operator, other] = await viem.getWalletClients();
  if (operator === undefined || other === undefined) throw new Error("missing wallet clients");
  return { registry, operator, other };
}

/** The registry with agent 1 registered by `operator`. */
async function registeredFixture() {
  const f = await deployRegistry();
  const signer = newSigner();
  await f.registry.write.registerAgent([signer, "m", "ipfs://meta", solo(f.operator.account.address)], { account: f.operator.account });
  return { ...f, signer };
}

describe("AgentRegistry", () => {
  describe("registerAgent", () => {
    it("registers an agent with ids from 1, its split hash, and emits AgentRegistered and SplitUpdated", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(deployRegistry);
      const signer = newSigner();
      const split = solo(operator.account.address);
      const write = registry.write.registerAgent([signer, "openai/gpt-4o", "ipfs://meta", split], { account: operator.account });
      await viem.assertions.emitWithArgs(write, registry, "AgentRegistered", [1n, operator.account.address, signer, "openai/gpt-4o", "ipfs://meta"]);
      assert.equal(await registry.read.agentCount(), 1n);
      assert.equal(await registry.read.agentIdOf([signer]), 1n);
      const agent = await registry.read.getAgent([1n]);
      assert.equal(agent.operator.toLowerCase(), operator.account.address.toLowerCase());
      assert.equal(agent.signer, signer);
      assert.equal(agent.modelId, "openai/gpt-4o");
      assert.equal(agent.metadataURI, "ipfs://meta");
      assert.equal(agent.splitHash, splitHash(split));
      assert.equal(agent.splitHash, await registry.read.hashSplit([split]));
      assert.equal(agent.minBps, 10_000);
      assert.equal(agent.retired, false);
    });

    it("numbers agents consecutively across operators", async () => {
      const { registry, operator, other } = await networkHelpers.loadFixture(deployRegistry);
      await registry.write.registerAgent([newSigner(), "m", "", solo(operator.account.address)], { account: operator.account });
      const b = newSigner();
      await registry.write.registerAgent([b, "m", "", solo(other.account.address)], { account: other.account });
      assert.equal(await registry.read.agentIdOf([b]), 2n);
      assert.equal(await registry.read.agentCount(), 2n);
    });

    it("reverts when the signer is zero", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomError(registry.write.registerAgent([zeroAddress, "m", "", solo(operator.account.address)]), registry, "ZeroSigner");
    });

    it("reverts when the model id is empty", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomError(registry.write.registerAgent([newSigner(), "", "", solo(operator.account.address)]), registry, "EmptyModelId");
    });

    it("reverts when the signer is already registered, even by another operator", async () => {
      const { registry, other, signer } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.registerAgent([signer, "m2", "", solo(other.account.address)], { account: other.account }),
        registry,
        "SignerAlreadyRegistered",
        [signer, 1n],
      );
    });
  });

  describe("setSplit", () => {
    it("stores the new split's hash and smallest share, and emits SplitUpdated", async () => {
      const { registry, operator, other } = await networkHelpers.loadFixture(registeredFixture);
      const split = { recipients: ascending([operator.account.address, other.account.address]), bps: [7_000, 3_000] };
      await viem.assertions.emit(registry.write.setSplit([1n, split], { account: operator.account }), registry, "SplitUpdated");
      const [logged] = await registry.getEvents.SplitUpdated({ agentId: 1n, splitHash: splitHash(split) });
      assert.deepEqual(logged!.args.bps, split.bps);
      assert.deepEqual(logged!.args.recipients!.map((r) => r.toLowerCase()), split.recipients.map((r) => r.toLowerCase()));
      const agent = await registry.read.getAgent([1n]);
      assert.equal(agent.splitHash, splitHash(split));
      assert.equal(agent.minBps, 3_000);
    });

    it("reverts with no recipients or more than 8", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, { recipients: [], bps: [] }], { account: operator.account }), registry, "SplitRecipientCount", [0n, 8n]);
      const nine = ascending(Array.from({ length: 9 }, newSigner));
      const bps = [1_200, ...Array(8).fill(1_100)];
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, { recipients: nine, bps }], { account: operator.account }), registry, "SplitRecipientCount", [9n, 8n]);
    });

    it("reverts when recipients and bps differ in length", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setSplit([1n, { recipients: [operator.account.address], bps: [5_000, 5_000] }], { account: operator.account }),
        registry, "SplitLengthMismatch", [1n, 2n],
      );
    });

    it("reverts when recipients are not strictly ascending (a repeat) or zero", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(registeredFixture);
      const [a, b] = ascending([newSigner(), newSigner()]) as [Address, Address];
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, { recipients: [b, a], bps: [5_000, 5_000] }], { account: operator.account }), registry, "SplitRecipientOrder", [1n, a]);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, { recipients: [a, a], bps: [5_000, 5_000] }], { account: operator.account }), registry, "SplitRecipientOrder", [1n, a]);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, { recipients: [zeroAddress], bps: [10_000] }], { account: operator.account }), registry, "SplitRecipientOrder", [0n, zeroAddress]);
    });

    it("reverts on a zero share or a total other than 10 000", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(registeredFixture);
      const [a, b] = ascending([newSigner(), newSigner()]) as [Address, Address];
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, { recipients: [a, b], bps: [10_000, 0] }], { account: operator.account }), registry, "SplitZeroShare", [1n]);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, { recipients: [a, b], bps: [5_000, 4_999] }], { account: operator.account }), registry, "SplitTotal", [9_999n]);
    });

    it("reverts for a caller that is not the operator", async () => {
      const { registry, other } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, solo(other.account.address)], { account: other.account }), registry, "NotOperator", [1n, other.account.address]);
    });
  });

  describe("updateAgent", () => {
    it("changes signer, model id and metadata URI; the old key stays bound to the agent", async () => {
      const { registry, operator, signer } = await networkHelpers.loadFixture(registeredFixture);
      const next = newSigner();
      await viem.assertions.emitWithArgs(registry.write.updateAgent([1n, next, "m2", "ipfs://v2"], { account: operator.account }), registry, "AgentUpdated", [1n, next, "m2", "ipfs://v2"]);
      const agent = await registry.read.getAgent([1n]);
      assert.equal(agent.signer, next);
      assert.equal(agent.modelId, "m2");
      assert.equal(agent.metadataURI, "ipfs://v2");
      assert.equal(await registry.read.agentIdOf([next]), 1n);
      assert.equal(await registry.read.agentIdOf([signer]), 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.updateAgent([1n, signer, "m", ""], { account: operator.account }), registry, "SignerAlreadyRegistered", [signer, 1n]);
    });

    it("keeps the signer when it is passed unchanged", async () => {
      const { registry, operator, signer } = await networkHelpers.loadFixture(registeredFixture);
      await registry.write.updateAgent([1n, signer, "m3", ""], { account: operator.account });
      assert.equal((await registry.read.getAgent([1n])).modelId, "m3");
    });

    it("reverts for a stranger, an empty model id, a zero signer and an unknown agent", async () => {
      const { registry, operator, other, signer } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.updateAgent([1n, signer, "m", ""], { account: other.account }), registry, "NotOperator", [1n, other.account.address]);
      await viem.assertions.revertWithCustomError(registry.write.updateAgent([1n, signer, "", ""], { account: operator.account }), registry, "EmptyModelId");
      await viem.assertions.revertWithCustomError(registry.write.updateAgent([1n, zeroAddress, "m", ""], { account: operator.account }), registry, "ZeroSigner");
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.updateAgent([2n, signer, "m", ""], { account: operator.account }), registry, "UnknownAgent", [2n]);
    });
  });

  describe("retireAgent", () => {
    it("retires the agent for good: no more updates or splits", async () => {
      const { registry, operator, signer } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.emitWithArgs(registry.write.retireAgent([1n], { account: operator.account }), registry, "AgentRetiredByOperator", [1n, operator.account.address]);
      assert.equal((await registry.read.agentTerms([1n])).retired, true);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.updateAgent([1n, signer, "m", ""], { account: operator.account }), registry, "AgentRetired", [1n]);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.setSplit([1n, solo(operator.account.address)], { account: operator.account }), registry, "AgentRetired", [1n]);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.retireAgent([1n], { account: operator.account }), registry, "AgentRetired", [1n]);
    });

    it("reverts for a caller that is not the operator", async () => {
      const { registry, other } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.retireAgent([1n], { account: other.account }), registry, "NotOperator", [1n, other.account.address]);
    });
  });

  describe("getAgent", () => {
    it("reverts for id 0 and for an id past the count", async () => {
      const { registry } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.read.getAgent([0n]), registry, "UnknownAgent", [0n]);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.read.agentTerms([1n]), registry, "UnknownAgent", [1n]);
    });
  });

  describe("agentIdOf", () => {
    it("returns 0 for an unregistered signer", async () => {
      const { registry } = await networkHelpers.loadFixture(deployRegistry);
      assert.equal(await registry.read.agentIdOf([newSigner()]), 0n);
    });
  });
});

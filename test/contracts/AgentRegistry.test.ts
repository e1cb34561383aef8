import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, type Hex, encodeAbiParameters, hashTypedData, keccak256, toHex, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { AGENT_KEY_TYPE_STRING, agentKeyTypes, registryDomain, signAgentKey } from "@concord/agent-sdk/protocol";

const { viem, networkHelpers } = await network.create();

const newSigner = () => privateKeyToAccount(generatePrivateKey()).address;
const newKey = () => privateKeyToAccount(generatePrivateKey());
const solo = (recipient: Address) => ({ recipients: [recipient], bps: [10_000] });
/** Addresses sorted ascending, as a split requires. */
const ascending = (xs: Address[]) => [...xs].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
const splitHash = (split: { recipients: readonly Address[]; bps: readonly number[] }) =>
  keccak256(encodeAbiParameters([{ type: "address[]" }, { type: "uint16[]" }], [split.recipients, split.bps]));

async function deployRegistry() {
  const registry = await viem.deployContract("AgentRegistry");
  const [, operator, other] = await viem.getWalletClients();
  if (operator === undefined || other === undefined) throw new Error("missing wallet clients");
  const chainId = await (await viem.getPublicClient()).getChainId();
  /** `key`'s consent to be bound to an agent of `operator` with `modelId` on this registry. */
  const consent = (key: PrivateKeyAccount, operatorAddress: Address, modelId: string): Promise<Hex> =>
    signAgentKey(key, { chainId, address: registry.address }, { operator: operatorAddress, modelId });
  return { registry, operator, other, chainId, consent };
}

/** The registry with agent 1 registered by `operator`. */
async function registeredFixture() {
  const f = await deployRegistry();
  const key = newKey();
  const signer = key.address;
  const consent = await f.consent(key, f.operator.account.address, "m");
  await f.registry.write.registerAgent([signer, "m", "ipfs://meta", solo(f.operator.account.address), consent], { account: f.operator.account });
  return { ...f, signer };
}

describe("AgentRegistry", () => {
  describe("registerAgent", () => {
    it("registers an agent with ids from 1, its split hash, and emits AgentRegistered and SplitUpdated", async () => {
      const { registry, operator, consent } = await networkHelpers.loadFixture(deployRegistry);
      const key = newKey();
      const signer = key.address;
      const split = solo(operator.account.address);
      const signature = await consent(key, operator.account.address, "openai/gpt-4o");
      const write = registry.write.registerAgent([signer, "openai/gpt-4o", "ipfs://meta", split, signature], { account: operator.account });
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
      const { registry, operator, other, consent } = await networkHelpers.loadFixture(deployRegistry);
      const a = newKey();
      await registry.write.registerAgent([a.address, "m", "", solo(operator.account.address), await consent(a, operator.account.address, "m")], { account: operator.account });
      const b = newKey();
      await registry.write.registerAgent([b.address, "m", "", solo(other.account.address), await consent(b, other.account.address, "m")], { account: other.account });
      assert.equal(await registry.read.agentIdOf([b.address]), 2n);
      assert.equal(await registry.read.agentCount(), 2n);
    });

    it("reverts when the signer is zero", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomError(registry.write.registerAgent([zeroAddress, "m", "", solo(operator.account.address), "0x"]), registry, "ZeroSigner");
    });

    it("reverts when the model id is empty", async () => {
      const { registry, operator, consent } = await networkHelpers.loadFixture(deployRegistry);
      const key = newKey();
      await viem.assertions.revertWithCustomError(registry.write.registerAgent([key.address, "", "", solo(operator.account.address), await consent(key, operator.account.address, "")]), registry, "EmptyModelId");
    });

    it("reverts when the signer is already registered, even by another operator", async () => {
      const { registry, other, signer } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.registerAgent([signer, "m2", "", solo(other.account.address), "0x"], { account: other.account }),
        registry,
        "SignerAlreadyRegistered",
        [signer, 1n],
      );
    });
  });

  describe("key possession (EIP-712 AgentKey)", () => {
    it("AGENT_KEY_TYPEHASH is keccak256 of the sdk's type string", async () => {
      const { registry } = await networkHelpers.loadFixture(deployRegistry);
      assert.equal(await registry.read.AGENT_KEY_TYPEHASH(), keccak256(toHex(AGENT_KEY_TYPE_STRING)));
    });

    it("agentKeyDigest equals viem's hashTypedData with the sdk's types and registryDomain", async () => {
      const { registry, operator, chainId } = await networkHelpers.loadFixture(deployRegistry);
      const signer = newSigner();
      const message = { operator: operator.account.address, signer, modelId: "openai/gpt-4o" };
      const expected = hashTypedData({ domain: registryDomain(chainId, registry.address), types: agentKeyTypes, primaryType: "AgentKey", message });
      assert.equal(await registry.read.agentKeyDigest([message.operator, signer, message.modelId]), expected);
    });

    it("reverts when someone registers a key it does not hold (signed by another key, for another operator or model, or not at all)", async () => {
      const { registry, operator, other, consent } = await networkHelpers.loadFixture(deployRegistry);
      const victim = newKey();
      const impostor = newKey();
      const register = (signature: Hex) =>
        registry.write.registerAgent([victim.address, "m", "", solo(operator.account.address), signature], { account: operator.account });
      // The impostor signs exactly the victim's AgentKey digest: it recovers to the impostor.
      const forgery = await impostor.sign({ hash: await registry.read.agentKeyDigest([operator.account.address, victim.address, "m"]) });
      await viem.assertions.revertWithCustomErrorWithArgs(register(forgery), registry, "InvalidSignerSignature", [victim.address, impostor.address]);
      // The victim's consent to another operator or another model does not carry over.
      for (const signature of [await consent(victim, other.account.address, "m"), await consent(victim, operator.account.address, "m2")]) {
        await viem.assertions.revertWithCustomError(register(signature), registry, "InvalidSignerSignature");
      }
      await viem.assertions.revertWithCustomErrorWithArgs(register("0x"), registry, "InvalidSignerSignature", [victim.address, zeroAddress]);
      assert.equal(await registry.read.agentIdOf([victim.address]), 0n);
    });

    it("reverts when an operator rotates its agent to a key it does not hold", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(registeredFixture);
      const victim = newKey();
      const impostor = newKey();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.updateAgent([1n, victim.address, "m", "", await impostor.sign({ hash: await registry.read.agentKeyDigest([operator.account.address, victim.address, "m"]) })], { account: operator.account }),
        registry, "InvalidSignerSignature", [victim.address, impostor.address],
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
      const { registry, operator, signer, consent } = await networkHelpers.loadFixture(registeredFixture);
      const nextKey = newKey();
      const next = nextKey.address;
      const signature = await consent(nextKey, operator.account.address, "m2");
      await viem.assertions.emitWithArgs(registry.write.updateAgent([1n, next, "m2", "ipfs://v2", signature], { account: operator.account }), registry, "AgentUpdated", [1n, next, "m2", "ipfs://v2"]);
      const agent = await registry.read.getAgent([1n]);
      assert.equal(agent.signer, next);
      assert.equal(agent.modelId, "m2");
      assert.equal(agent.metadataURI, "ipfs://v2");
      assert.equal(await registry.read.agentIdOf([next]), 1n);
      assert.equal(await registry.read.agentIdOf([signer]), 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.updateAgent([1n, signer, "m", "", "0x"], { account: operator.account }), registry, "SignerAlreadyRegistered", [signer, 1n]);
    });

    it("keeps the signer when it is passed unchanged", async () => {
      const { registry, operator, signer } = await networkHelpers.loadFixture(registeredFixture);
      await registry.write.updateAgent([1n, signer, "m3", "", "0x"], { account: operator.account });
      assert.equal((await registry.read.getAgent([1n])).modelId, "m3");
    });

    it("reverts for a stranger, an empty model id, a zero signer and an unknown agent", async () => {
      const { registry, operator, other, signer } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.updateAgent([1n, signer, "m", "", "0x"], { account: other.account }), registry, "NotOperator", [1n, other.account.address]);
      await viem.assertions.revertWithCustomError(registry.write.updateAgent([1n, signer, "", "", "0x"], { account: operator.account }), registry, "EmptyModelId");
      await viem.assertions.revertWithCustomError(registry.write.updateAgent([1n, zeroAddress, "m", "", "0x"], { account: operator.account }), registry, "ZeroSigner");
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.updateAgent([2n, signer, "m", "", "0x"], { account: operator.account }), registry, "UnknownAgent", [2n]);
    });
  });

  describe("retireAgent", () => {
    it("retires the agent for good: no more updates or splits", async () => {
      const { registry, operator, signer } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.emitWithArgs(registry.write.retireAgent([1n], { account: operator.account }), registry, "AgentRetiredByOperator", [1n, operator.account.address]);
      assert.equal((await registry.read.agentTerms([1n])).retired, true);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.write.updateAgent([1n, signer, "m", "", "0x"], { account: operator.account }), registry, "AgentRetired", [1n]);
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

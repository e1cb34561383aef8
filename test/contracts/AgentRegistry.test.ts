import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

const { viem, networkHelpers } = await network.create();

async function deployRegistry() {
  const registry = await viem.deployContract("AgentRegistry");
  const [, operator, other] = await viem.getWalletClients();
  if (operator === undefined || other === undefined) throw new Error("missing wallet clients");
  return { registry, operator, other };
}

describe("AgentRegistry", () => {
  describe("registerAgent", () => {
    it("registers an agent with ids from 1 and emits AgentRegistered", async () => {
      const { registry, operator } = await networkHelpers.loadFixture(deployRegistry);
      const signer = privateKeyToAccount(generatePrivateKey()).address;
      await viem.assertions.emitWithArgs(
        registry.write.registerAgent([signer, "openai/gpt-4o"], { account: operator.account }),
        registry,
        "AgentRegistered",
        [1n, operator.account.address, signer, "openai/gpt-4o"],
      );
      assert.equal(await registry.read.agentCount(), 1n);
      assert.equal(await registry.read.agentIdOf([signer]), 1n);
      const agent = await registry.read.getAgent([1n]);
      assert.equal(agent.operator.toLowerCase(), operator.account.address.toLowerCase());
      assert.equal(agent.signer, signer);
      assert.equal(agent.modelId, "openai/gpt-4o");
    });

    it("numbers agents consecutively across operators", async () => {
      const { registry, operator, other } = await networkHelpers.loadFixture(deployRegistry);
      const a = privateKeyToAccount(generatePrivateKey()).address;
      const b = privateKeyToAccount(generatePrivateKey()).address;
      await registry.write.registerAgent([a, "m"], { account: operator.account });
      await registry.write.registerAgent([b, "m"], { account: other.account });
      assert.equal(await registry.read.agentIdOf([b]), 2n);
      assert.equal(await registry.read.agentCount(), 2n);
    });

    it("reverts when the signer is zero", async () => {
      const { registry } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomError(registry.write.registerAgent([zeroAddress, "m"]), registry, "ZeroSigner");
    });

    it("reverts when the model id is empty", async () => {
      const { registry } = await networkHelpers.loadFixture(deployRegistry);
      const signer = privateKeyToAccount(generatePrivateKey()).address;
      await viem.assertions.revertWithCustomError(registry.write.registerAgent([signer, ""]), registry, "EmptyModelId");
    });

    it("reverts when the signer is already registered, even by another operator", async () => {
      const { registry, operator, other } = await networkHelpers.loadFixture(deployRegistry);
      const signer = privateKeyToAccount(generatePrivateKey()).address;
      await registry.write.registerAgent([signer, "m"], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.registerAgent([signer, "m2"], { account: other.account }),
        registry,
        "SignerAlreadyRegistered",
        [signer, 1n],
      );
    });
  });

  describe("getAgent", () => {
    it("reverts for id 0 and for an id past the count", async () => {
      const { registry } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.read.getAgent([0n]), registry, "UnknownAgent", [0n]);
      await viem.assertions.revertWithCustomErrorWithArgs(registry.read.getAgent([1n]), registry, "UnknownAgent", [1n]);
    });
  });

  describe("agentIdOf", () => {
    it("returns 0 for an unregistered signer", async () => {
      const { registry } = await networkHelpers.loadFixture(deployRegistry);
      assert.equal(await registry.read.agentIdOf([privateKeyToAccount(generatePrivateKey()).address]), 0n);
    });
  });
});

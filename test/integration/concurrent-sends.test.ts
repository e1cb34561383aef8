// One account sending several transactions at once on a real hardhat node (automine): an
// orchestrator running sessions side by side does this. Each send must take its own nonce and
// reach the node in nonce order, or the node refuses it ("nonce too low" / "too high").
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { deployConcord } from "@concord/deploy";
import { connectChain, devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import type { ChainContext } from "@concord/orchestrator/chain/chain-context.ts";
import { startHardhatNode, type LocalEvm } from "@concord/orchestrator/devnet/hardhat-node.ts";
import type { Wallet } from "@concord/orchestrator/chain/write-contract.ts";

describe("contract writes from one account at once", () => {
  let evm: LocalEvm;
  let chain: ChainContext;
  let operator: Wallet;

  before(async () => {
    evm = await startHardhatNode();
    const clients = await connectChain(evm.rpcUrl);
    const deployer = clients.walletFor(devnetAccount(0));
    chain = { publicClient: clients.publicClient, deployment: await deployConcord({ wallet: deployer, publicClient: clients.publicClient, rpcUrl: evm.rpcUrl }) };
    operator = clients.walletFor(devnetAccount(1));
  });
  after(async () => {
    await evm?.stop();
  });

  it("all land, each with its own nonce", async () => {
    const signers = Array.from({ length: 12 }, () => privateKeyToAccount(generatePrivateKey()));
    const before = await chain.publicClient.getTransactionCount({ address: operator.account.address });
    const ids = await Promise.all(signers.map(async (signer) => (await registerAgent(chain, { wallet: operator, signer, modelId: "concurrent@test" })).agentId));
    assert.equal(new Set(ids.map(String)).size, signers.length);
    assert.equal(await chain.publicClient.getTransactionCount({ address: operator.account.address }), before + signers.length);
  });
});

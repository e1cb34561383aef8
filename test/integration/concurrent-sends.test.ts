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

  it("all land when two senders share the key, each counting nonces on its own (orchestrators on one queue)", async () => {
    // The same node under another host name: a second sender whose nonce count this process keeps
    // apart from the first, as a second orchestrator process would.
    const other = await connectChain(evm.rpcUrl.replace("127.0.0.1", "localhost"));
    const second: ChainContext = { publicClient: other.publicClient, deployment: chain.deployment };
    const secondOperator = other.walletFor(devnetAccount(1));
    const before = await chain.publicClient.getTransactionCount({ address: operator.account.address });
    const register = (context: ChainContext, wallet: Wallet) =>
      Promise.all(Array.from({ length: 8 }, async () =>
        (await registerAgent(context, { wallet, signer: privateKeyToAccount(generatePrivateKey()), modelId: "shared-key@test" })).agentId));
    const ids = (await Promise.all([register(chain, operator), register(second, secondOperator)])).flat();
    assert.equal(new Set(ids.map(String)).size, 16, "every registration landed once");
    assert.equal(await chain.publicClient.getTransactionCount({ address: operator.account.address }), before + 16);
  });
});

// The orchestrator's writes on the lean path, on a real hardhat node: sent without a simulation or
// an estimate, a revert is explained afterwards by the contract's error; a gas limit that ran out
// is raised and the call sent once more; a nonce this process counted that another sender used
// is read again; and the calls each write makes are counted.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestClient, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { agentRegistryAbi, sessionsAbi } from "@concord/agent-sdk/abis";
import { signAgentKey, SPLIT_TOTAL_BPS } from "@concord/agent-sdk/protocol";
import { startDevnet, ROLES, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { connectChain, devnetAccount, type ChainClients } from "@concord/orchestrator/chain/clients.ts";
import { rpcCounter } from "@concord/orchestrator/chain/rpc-counter.ts";
import { revertName, writeContract, type Wallet } from "@concord/orchestrator/chain/write-contract.ts";
import { startRpcProxy, type RpcProxy } from "../support/rpc-proxy.ts";

describe("a write on the lean path", () => {
  let devnet: Devnet;
  let clients: ChainClients;
  let wallet: Wallet;
  const counter = rpcCounter();

  before(async () => {
    devnet = await startDevnet();
    clients = await connectChain(devnet.evm.rpcUrl, { counter });
    wallet = clients.walletFor(devnetAccount(ROLES.firstOperator + 3));
  });
  after(async () => {
    await devnet?.stop();
  });

  /** The registration of a fresh agent key by `wallet`, as registerAgent sends it. */
  async function registration() {
    const signer = privateKeyToAccount(generatePrivateKey());
    const registry = devnet.deployment.contracts.AgentRegistry;
    const operator = wallet.account.address;
    const signature = await signAgentKey(signer, { chainId: devnet.deployment.chainId, address: registry }, { operator, modelId: "lean@test" });
    return {
      address: registry, abi: agentRegistryAbi, functionName: "registerAgent",
      args: [signer.address, "lean@test", "", { recipients: [operator], bps: [SPLIT_TOTAL_BPS] }, signature],
    } as const;
  }

  it("is sent and its receipt read, with nothing else asked once the nonce and fees are known", async () => {
    await writeContract(clients.publicClient, wallet, await registration());
    counter.reset();
    await writeContract(clients.publicClient, wallet, await registration());
    assert.deepEqual(counter.byMethod(), { eth_getTransactionReceipt: 1, eth_sendRawTransaction: 1 });
  });

  it("that reverts is mined, then explained by the contract's error from a simulation in its block", async () => {
    const nonce = await clients.publicClient.getTransactionCount({ address: wallet.account.address });
    await assert.rejects(
      writeContract(clients.publicClient, wallet, { address: devnet.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "settle", args: [999n] }, { gas: 200_000n }),
      (error) => revertName(error) !== undefined,
    );
    assert.equal(await clients.publicClient.getTransactionCount({ address: wallet.account.address }), nonce + 1, "sent once, reverted on chain");
  });

  it("that runs out of gas is sent once more with a limit from a fresh estimate", async () => {
    const nonce = await clients.publicClient.getTransactionCount({ address: wallet.account.address });
    const { receipt } = await writeContract(clients.publicClient, wallet, await registration(), { gas: 60_000n });
    assert.equal(receipt.status, "success");
    assert.equal(await clients.publicClient.getTransactionCount({ address: wallet.account.address }), nonce + 2, "the one out of gas and the one that landed");
  });

  it("reads the nonce again when another sender used it", async () => {
    // Another process sending from the same account: this one's counted nonce is now stale.
    const other = await connectChain(devnet.evm.rpcUrl);
    const sideways = other.walletFor(wallet.account);
    await sideways.sendTransaction({ to: wallet.account.address, value: 0n });
    counter.reset();
    const { receipt } = await writeContract(clients.publicClient, wallet, await registration());
    assert.equal(receipt.status, "success");
    assert.equal(counter.byMethod().eth_getTransactionCount, 1, "the nonce read once more after the refusal");
  });
});

describe("a receipt not there yet", () => {
  let devnet: Devnet;
  let proxy: RpcProxy;

  before(async () => {
    devnet = await startDevnet();
    proxy = await startRpcProxy(devnet.evm.rpcUrl);
  });
  after(async () => {
    await proxy?.close();
    await devnet?.stop();
  });

  it("is asked for again only once a new block is seen, not on every poll", { timeout: 30_000 }, async () => {
    const miner = createTestClient({ mode: "hardhat", transport: http(devnet.evm.rpcUrl) });
    const clients = await connectChain(proxy.url);
    const wallet = clients.walletFor(devnetAccount(ROLES.firstOperator + 4));
    // Warm: the nonce and the fees are known, so the write below sends at once.
    await writeContract(clients.publicClient, wallet, {
      address: devnet.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "settle", args: [999n],
    }, { gas: 200_000n }).catch(() => {});
    await miner.setAutomine(false);
    try {
      const receipts = () => proxy.seen.filter((e) => e.method === "eth_getTransactionReceipt").length;
      const before = receipts();
      let polls = 0;
      const polled = proxy.next((e) => e.method === "eth_blockNumber" && ++polls === 4);
      const write = writeContract(clients.publicClient, wallet, {
        address: devnet.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "settle", args: [999n],
      }, { gas: 200_000n });
      const settled = write.then(() => undefined, (error: unknown) => error);
      await polled;
      // Right after sending, and at the watcher's first look (it may have been mined in the block
      // the watcher saw first); then only the block number, however many polls.
      assert.equal(receipts() - before, 2, "not asked on every poll");
      await miner.mine({ blocks: 1 });
      assert.ok(revertName(await settled) !== undefined, "mined, reverted, explained");
      // After the block: once more for its receipt (and the explanation's eth_call, which is no receipt).
      assert.equal(receipts() - before, 3);
    } finally {
      await miner.setAutomine(true);
    }
  });
});

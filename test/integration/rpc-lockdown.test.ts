// The dApp server's /rpc on a real hardhat node with Concord deployed: every takeover the security
// review found (balances, impersonation, code and storage, the node's unlocked accounts signing
// and sending, tracing, the clock) is refused, alone and inside a batch, and leaves the chain as
// it was; the page's reads and its locally signed transactions still go through.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createPublicClient, createWalletClient, http, numberToHex, parseEther, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { ROLES, startDevnet, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { MAX_RPC_IN_FLIGHT } from "@concord/orchestrator/web/rpc-proxy.ts";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type RpcReply = { jsonrpc: "2.0"; id: unknown; result?: unknown; error?: { code: number; message: string } };
const call = (id: number, method: string, params: unknown[] = []) => ({ jsonrpc: "2.0", id, method, params });

describe("/rpc on a real devnet", { timeout: 90_000 }, () => {
  let devnet: Devnet;
  let server: DappServer;
  let distDir: string;
  const attacker = privateKeyToAccount(generatePrivateKey()).address;
  const orchestrator = devnetAccount(ROLES.orchestrator).address;
  const sessions = () => devnet.deployment.contracts.Sessions;

  /** Through the dApp server, as the page (or anything on its origin) would call. */
  const viaProxy = async (body: unknown): Promise<RpcReply | RpcReply[]> => {
    const res = await fetch(`${server.url}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    assert.equal(res.status, 200);
    return (await res.json()) as RpcReply | RpcReply[];
  };
  /** Straight to the node, to see what the proxy let happen. */
  const node = async (method: string, params: unknown[] = []): Promise<RpcReply> => {
    const res = await fetch(devnet.deployment.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(call(1, method, params)) });
    return (await res.json()) as RpcReply;
  };
  const balance = async (address: Address) => BigInt((await node("eth_getBalance", [address, "latest"])).result as Hex);
  const nonce = async (address: Address) => BigInt((await node("eth_getTransactionCount", [address, "latest"])).result as Hex);
  const assertRefused = (reply: RpcReply | RpcReply[] | undefined, id: number, method: string) => {
    assert.ok(reply && !Array.isArray(reply), `${method}: one reply`);
    assert.equal(reply.id, id);
    assert.equal(reply.result, undefined, `${method} has no result`);
    assert.equal(reply.error?.code, -32601, `${method} is refused`);
    assert.match(reply.error!.message, new RegExp(`^${method} is not allowed through /rpc: .*node's own RPC URL`));
  };

  before(async () => {
    devnet = await startDevnet();
    distDir = await mkdtemp(path.join(os.tmpdir(), "concord-rpc-"));
    await writeFile(path.join(distDir, "index.html"), "<!doctype html><title>Concord</title>");
    server = await startDappServer({ distDir, deployment: devnet.deployment, sessionLogs: false });
  });

  after(async () => {
    await server?.close();
    await devnet?.stop();
    if (distDir) await rm(distDir, { recursive: true, force: true });
  });

  describe("refuses each takeover, which leaves the chain as it was", () => {
    it("hardhat_setBalance", async () => {
      assertRefused(await viaProxy(call(1, "hardhat_setBalance", [attacker, numberToHex(parseEther("1000"))])), 1, "hardhat_setBalance");
      assert.equal(await balance(attacker), 0n);
    });

    it("hardhat_impersonateAccount on the Sessions contract", async () => {
      assertRefused(await viaProxy(call(2, "hardhat_impersonateAccount", [sessions()])), 2, "hardhat_impersonateAccount");
      // Not impersonated: the node itself refuses to send from the contract's address.
      const sent = await node("eth_sendTransaction", [{ from: sessions(), to: attacker, value: "0x1" }]);
      assert.ok(sent.error, "the node cannot send as Sessions");
    });

    it("hardhat_setCode on the Sessions contract", async () => {
      const code = (await node("eth_getCode", [sessions(), "latest"])).result;
      assertRefused(await viaProxy(call(3, "hardhat_setCode", [sessions(), "0x00"])), 3, "hardhat_setCode");
      assert.equal((await node("eth_getCode", [sessions(), "latest"])).result, code);
    });

    it("hardhat_setStorageAt, alone and inside a batch", async () => {
      const slot = numberToHex(0, { size: 32 });
      const stored = (await node("eth_getStorageAt", [sessions(), slot, "latest"])).result;
      const write = (id: number) => call(id, "hardhat_setStorageAt", [sessions(), slot, numberToHex(0xdead, { size: 32 })]);
      assertRefused(await viaProxy(write(4)), 4, "hardhat_setStorageAt");
      const batch = (await viaProxy([call(5, "eth_chainId"), write(6)])) as RpcReply[];
      assertRefused(batch.find((r) => r.id === 6), 6, "hardhat_setStorageAt");
      assert.equal((await node("eth_getStorageAt", [sessions(), slot, "latest"])).result, stored);
    });

    it("eth_sendTransaction of 5 ETH from the orchestrator's unlocked account", async () => {
      const [before, sent] = [await nonce(orchestrator), await balance(orchestrator)];
      const tx = { from: orchestrator, to: attacker, value: numberToHex(parseEther("5")) };
      assertRefused(await viaProxy(call(7, "eth_sendTransaction", [tx])), 7, "eth_sendTransaction");
      assert.equal(await nonce(orchestrator), before, "no transaction from the orchestrator");
      assert.equal(await balance(orchestrator), sent);
      assert.equal(await balance(attacker), 0n);
    });

    it("eth_accounts, eth_sign, personal_sign and eth_signTypedData_v4 as the orchestrator", async () => {
      const typedData = JSON.stringify({
        types: { EIP712Domain: [{ name: "name", type: "string" }], Note: [{ name: "text", type: "string" }] },
        primaryType: "Note", domain: { name: "x" }, message: { text: "pay me" },
      });
      assertRefused(await viaProxy(call(8, "eth_accounts")), 8, "eth_accounts");
      assertRefused(await viaProxy(call(9, "eth_sign", [orchestrator, "0xdeadbeef"])), 9, "eth_sign");
      assertRefused(await viaProxy(call(10, "personal_sign", ["0xdeadbeef", orchestrator])), 10, "personal_sign");
      assertRefused(await viaProxy(call(11, "eth_signTypedData_v4", [orchestrator, typedData])), 11, "eth_signTypedData_v4");
    });

    it("debug_traceTransaction", async () => {
      const head = (await node("eth_getBlockByNumber", ["latest", false])).result as { transactions: Hex[] };
      assertRefused(await viaProxy(call(12, "debug_traceTransaction", [head.transactions[0]])), 12, "debug_traceTransaction");
    });

    it("evm_increaseTime [3700]: the clock, and so every session's deadline, does not move", async () => {
      const before = BigInt(((await node("eth_getBlockByNumber", ["latest", false])).result as { timestamp: Hex }).timestamp);
      assertRefused(await viaProxy(call(13, "evm_increaseTime", [3700])), 13, "evm_increaseTime");
      assertRefused(await viaProxy(call(14, "evm_mine")), 14, "evm_mine");
      await node("evm_mine");
      const after = BigInt(((await node("eth_getBlockByNumber", ["latest", false])).result as { timestamp: Hex }).timestamp);
      assert.ok(after - before < 3700n, `the next block is ${after - before} s later`);
    });
  });

  it("refuses every takeover inside one batch too, with the allowed read in it answered", async () => {
    const [orchestratorNonce, code] = [await nonce(orchestrator), (await node("eth_getCode", [sessions(), "latest"])).result];
    const attacks = [
      call(31, "hardhat_setBalance", [attacker, numberToHex(parseEther("1000"))]),
      call(32, "hardhat_impersonateAccount", [sessions()]),
      call(33, "hardhat_setCode", [sessions(), "0x00"]),
      call(34, "hardhat_setStorageAt", [sessions(), numberToHex(0, { size: 32 }), numberToHex(1, { size: 32 })]),
      call(35, "eth_sendTransaction", [{ from: orchestrator, to: attacker, value: numberToHex(parseEther("5")) }]),
      call(36, "eth_sign", [orchestrator, "0xdeadbeef"]),
      call(37, "personal_sign", ["0xdeadbeef", orchestrator]),
      call(38, "eth_signTypedData_v4", [orchestrator, "{}"]),
      call(39, "debug_traceTransaction", [`0x${"0".repeat(64)}`]),
      call(40, "evm_increaseTime", [3700]),
    ];
    const replies = (await viaProxy([...attacks, call(41, "eth_chainId")])) as RpcReply[];
    for (const attack of attacks) assertRefused(replies.find((r) => r.id === attack.id), attack.id, attack.method);
    assert.equal(replies.find((r) => r.id === 41)?.result, numberToHex(devnet.deployment.chainId));
    assert.equal(await balance(attacker), 0n);
    assert.equal(await nonce(orchestrator), orchestratorNonce);
    assert.equal((await node("eth_getCode", [sessions(), "latest"])).result, code);
  });

  it("answers each entry of a batch mixing allowed and refused calls, forwarding only the allowed", async () => {
    const head = BigInt((await node("eth_blockNumber")).result as Hex);
    const replies = (await viaProxy([
      call(21, "eth_chainId"),
      call(22, "hardhat_setBalance", [attacker, numberToHex(parseEther("1"))]),
      call(23, "eth_getBalance", [attacker, "latest"]),
      call(24, "evm_increaseTime", [3700]),
      call(25, "eth_blockNumber"),
    ])) as RpcReply[];
    assert.deepEqual(replies.map((r) => r.id), [21, 22, 23, 24, 25]);
    assert.equal(replies[0]!.result, numberToHex(devnet.deployment.chainId));
    assertRefused(replies[1], 22, "hardhat_setBalance");
    assert.equal(replies[2]!.result, "0x0");
    assertRefused(replies[3], 24, "evm_increaseTime");
    assert.equal(BigInt(replies[4]!.result as Hex), head);
    assert.equal(await balance(attacker), 0n);
  });

  it("forwards at most MAX_RPC_IN_FLIGHT requests at once: past it 429 with JSON-RPC -32005, and the slots come back", async () => {
    // A node that holds every request until told to answer.
    const held: ServerResponse[] = [];
    let full!: () => void;
    const allHeld = new Promise<void>((resolve) => (full = resolve));
    const slow = createServer((req, res) => {
      req.resume();
      req.once("end", () => {
        held.push(res);
        if (held.length === MAX_RPC_IN_FLIGHT) full();
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const proxy = await startDappServer({ distDir, deployment: { ...devnet.deployment, rpcUrl: slowUrl }, sessionLogs: false });
    const post = () => fetch(`${proxy.url}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(call(1, "eth_chainId")) });
    try {
      const waiting = Array.from({ length: MAX_RPC_IN_FLIGHT }, post);
      await allHeld;
      const refused = await post();
      assert.equal(refused.status, 429);
      assert.equal(((await refused.json()) as RpcReply).error?.code, -32005);
      for (const res of held.splice(0)) res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: "0x7a69" }));
      for (const res of await Promise.all(waiting)) assert.equal(res.status, 200);
      const again = post();
      await new Promise<void>((resolve) => { const check = () => (held.length > 0 ? resolve() : setImmediate(check)); check(); });
      held.splice(0).forEach((res) => res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: "0x7a69" })));
      assert.equal((await again).status, 200);
    } finally {
      held.forEach((res) => res.end());
      await proxy.close();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it("still serves the page's reads through viem", async () => {
    const client = createPublicClient({ transport: http(`${server.url}/rpc`) });
    assert.equal(await client.getChainId(), devnet.deployment.chainId);
    assert.ok((await client.getBlockNumber()) > 0n);
    assert.ok((await client.getBalance({ address: orchestrator })) > 0n);
    assert.equal(await client.readContract({ address: sessions(), abi: sessionsAbi, functionName: "sessionCount" }), 0n);
    assert.deepEqual(await client.getLogs({ address: sessions(), fromBlock: 0n }), []);
  });

  it("still sends a transaction the page signed itself (eth_sendRawTransaction), as the dev wallet does", async () => {
    const submitter = devnetAccount(ROLES.submitter);
    const wallet = createWalletClient({ account: submitter, transport: http(`${server.url}/rpc`) });
    const publicClient = createPublicClient({ transport: http(`${server.url}/rpc`) });
    const hash = await wallet.sendTransaction({ to: attacker, value: 1n, chain: null });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(receipt.from.toLowerCase(), submitter.address.toLowerCase());
    assert.equal(await balance(attacker), 1n);
  });
});

// A failed RPC call reaches the caller as a ConcordError that says what failed, with its cause.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { createPublicClient, createWalletClient, defineChain, http, type PublicClient } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { writeContract } from "@concord/orchestrator/chain/write-contract.ts";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("writeContract", () => {
  it("reports an unreachable RPC endpoint as CHAIN_CALL_FAILED naming the call", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const chain = defineChain({ id: 31337, name: "down", nativeCurrency: { name: "E", symbol: "E", decimals: 18 }, rpcUrls: { default: { http: [url] } } });
    const transport = http(url, { retryCount: 0 });
    const publicClient = createPublicClient({ chain, transport }) as PublicClient;
    const wallet = createWalletClient({ chain, transport, account: privateKeyToAccount(generatePrivateKey()) });
    await assert.rejects(
      writeContract(publicClient, wallet, {
        address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", abi: sessionsAbi, functionName: "settle", args: [1n],
      }),
      (error: unknown) => {
        assert.ok(error instanceof ConcordError);
        assert.equal(error.code, "CHAIN_CALL_FAILED");
        assert.match(error.message, /settle failed: HTTP request failed/);
        assert.ok(error.cause, "the RPC error is kept as the cause");
        return true;
      },
    );
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { concat, encodeFunctionData, parseAbi, type Abi } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { callData } from "@concord/orchestrator/chain/send-in-order.ts";

const address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("callData", () => {
  it("encodes exactly as viem does, the first time and from its cache, with and without a suffix", () => {
    for (let pass = 0; pass < 2; pass++) {
      assert.equal(callData({ address, abi: sessionsAbi, functionName: "recordRound", args: [], dataSuffix: "0x0102" }),
        concat([encodeFunctionData({ abi: sessionsAbi, functionName: "recordRound", args: [] }), "0x0102"]));
      assert.equal(callData({ address, abi: sessionsAbi, functionName: "settle", args: [7n] }),
        encodeFunctionData({ abi: sessionsAbi, functionName: "settle", args: [7n] }));
      const split = { recipients: [address] as const, bps: [10_000] as const };
      assert.equal(callData({ address, abi: sessionsAbi, functionName: "claimRoyalty", args: [7n, 1n, split] }),
        encodeFunctionData({ abi: sessionsAbi, functionName: "claimRoyalty", args: [7n, 1n, split] }));
    }
  });
  it("leaves an overloaded name to viem, which picks the overload by its arguments", () => {
    const abi: Abi = parseAbi(["function f(uint256 a)", "function f(uint256 a, uint256 b)"]);
    for (const args of [[1n], [1n, 2n]]) {
      assert.equal(callData({ address, abi, functionName: "f", args }), encodeFunctionData({ abi, functionName: "f", args }));
    }
  });
});

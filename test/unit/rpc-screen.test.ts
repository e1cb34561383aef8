import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { rpcAllowList } from "@concord/orchestrator/web/rpc-allow-list.ts";
import { invalidRequestCode, MAX_RPC_BATCH, mergeRpcResponses, methodNotAllowedCode, screenRpcRequest } from "@concord/orchestrator/web/rpc-screen.ts";

const call = (id: number | string | undefined, method: string, params: unknown[] = []) => ({ jsonrpc: "2.0", ...(id === undefined ? {} : { id }), method, params });

describe("rpc-allow-list", () => {
  it("holds no method that signs with, spends or rewrites the node's accounts and state", () => {
    for (const method of rpcAllowList) {
      assert.doesNotMatch(method, /^(hardhat|evm|anvil|debug|admin|txpool|personal|miner|engine|wallet)_/, method);
      assert.doesNotMatch(method, /^eth_(send|sign)(?!RawTransaction$)/, method);
      assert.notEqual(method, "eth_accounts");
    }
  });
});

describe("rpc-screen", () => {
  describe("screenRpcRequest", () => {
    it("forwards an allowed single call as it is", () => {
      const request = call(1, "eth_chainId");
      assert.deepEqual(screenRpcRequest(request), { forward: request, refusals: [undefined], batch: false });
    });
    it("refuses a forbidden single call with -32601 naming the method, and forwards nothing", () => {
      const screened = screenRpcRequest(call("a", "hardhat_setBalance", ["0x01", "0x1"]));
      assert.equal(screened.forward, undefined);
      const refused = screened.refusals[0]!;
      assert.equal(refused.id, "a");
      assert.equal(refused.error.code, methodNotAllowedCode);
      assert.match(refused.error.message, /^hardhat_setBalance is not allowed through \/rpc: .*node's own RPC URL/);
    });
    it("forwards only a batch's allowed entries and refuses the others in their places", () => {
      const screened = screenRpcRequest([call(1, "eth_chainId"), call(2, "hardhat_setStorageAt"), call(3, "eth_blockNumber"), { id: 4 }]);
      assert.deepEqual(screened.forward, [call(1, "eth_chainId"), call(3, "eth_blockNumber")]);
      assert.deepEqual(screened.refusals.map((r) => r && [r.id, r.error.code]), [undefined, [2, methodNotAllowedCode], undefined, [4, invalidRequestCode]]);
    });
    it("refuses a batch of more than MAX_RPC_BATCH calls as one invalid request, and forwards one of that many", () => {
      const calls = Array.from({ length: MAX_RPC_BATCH + 1 }, (_, i) => call(i, "eth_chainId"));
      const refused = screenRpcRequest(calls);
      assert.equal(refused.forward, undefined);
      assert.equal(refused.refusals.length, 1);
      assert.match(refused.refusals[0]!.error.message, new RegExp(`a batch of ${MAX_RPC_BATCH + 1} calls, more than the ${MAX_RPC_BATCH}`));
      assert.equal((screenRpcRequest(calls.slice(1)).forward as unknown[]).length, MAX_RPC_BATCH);
    });
    it("refuses an empty batch as one invalid request", () => {
      const screened = screenRpcRequest([]);
      assert.equal(screened.forward, undefined);
      assert.equal(screened.refusals[0]?.error.code, invalidRequestCode);
    });
  });

  describe("mergeRpcResponses", () => {
    it("puts the node's answers and the refusals back in the batch's order", () => {
      const screened = screenRpcRequest([call(1, "eth_chainId"), call(2, "evm_increaseTime", [3700]), call(3, "eth_blockNumber")]);
      const merged = mergeRpcResponses(screened, [{ jsonrpc: "2.0", id: 1, result: "0x7a69" }, { jsonrpc: "2.0", id: 3, result: "0x5" }]) as { id: number }[];
      assert.deepEqual(merged.map((r) => r.id), [1, 2, 3]);
      assert.equal((merged[1] as unknown as { error: { code: number } }).error.code, methodNotAllowedCode);
    });
    it("answers a batch of refused calls without the node", () => {
      const screened = screenRpcRequest([call(1, "eth_sign"), call(2, "personal_sign")]);
      assert.equal(screened.forward, undefined);
      assert.deepEqual((mergeRpcResponses(screened, undefined) as { id: number }[]).map((r) => r.id), [1, 2]);
    });
  });
});

// What the command line prints for a failure: one line a person can act on, never a dump; and
// the node's "insufficient funds" (behind viem's "Missing or invalid parameters") named as such.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidInputRpcError, RpcRequestError } from "viem";
import { z } from "zod";
import { ConcordError, describeRevert, isInsufficientFunds } from "@concord/agent-sdk/protocol";
import { errorText } from "@concord/orchestrator/cli/error-text.ts";

/** A -32000 as hardhat answers a transaction its sender cannot pay for, as viem wraps it. */
const nodeRefusal = (message: string) =>
  new InvalidInputRpcError(new RpcRequestError({ body: { method: "eth_sendRawTransaction" }, error: { code: -32000, message }, url: "http://127.0.0.1:8545" }));

describe("errorText", () => {
  it("names insufficient funds instead of viem's title for -32000", () => {
    const error = nodeRefusal("Sender doesn't have enough funds to send tx. The max upfront cost is: 100000000046202200000000 and the sender's balance is: 10000000000000000000000.");
    assert.match(error.message, /Missing or invalid parameters/);
    assert.equal(isInsufficientFunds(error), true);
    assert.equal(errorText(error), "insufficient funds: the sender's balance does not cover the value sent plus gas");
  });
  it("recognises geth's wording and a ConcordError wrapping it", () => {
    const error = nodeRefusal("insufficient funds for gas * price + value");
    assert.equal(isInsufficientFunds(new ConcordError("CHAIN_CALL_FAILED", "createSession failed", { cause: error })), true);
    assert.equal(isInsufficientFunds(nodeRefusal("nonce too low")), false);
  });
  it("prints another viem error as its short message, on one line", () => {
    const text = errorText(nodeRefusal("nonce too low"));
    assert.equal(text, describeRevert(nodeRefusal("nonce too low")));
    assert.doesNotMatch(text, /\n/);
  });
  it("prints a zod error as its issues by path, not as JSON", () => {
    const parsed = z.object({ task: z.string().max(3) }).safeParse({ task: "four" });
    assert.equal(parsed.success, false);
    const text = errorText(parsed.error);
    assert.match(text, /^invalid value: task: /);
    assert.doesNotMatch(text, /[{[]/);
  });
});

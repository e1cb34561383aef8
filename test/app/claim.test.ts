import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BaseError, ContractFunctionRevertedError, UserRejectedRequestError, encodeErrorResult, type Abi, type Hex } from "viem";
import { canClaim, claimState, claimStatusText, type ClaimInputs } from "@concord/app/lib/claim.ts";
import { describeTxError } from "@concord/app/lib/txError.ts";

const hash: Hex = `0x${"ab".repeat(32)}`;

function inputs(over: Partial<ClaimInputs>): ClaimInputs {
  return {
    claimable: 10n,
    simulate: { status: "success" },
    write: { status: "idle" },
    receipt: { status: "idle" },
    ...over,
  };
}

describe("app/lib/claim", () => {
  describe("claimState", () => {
    it("is loading until the balance is read", () => {
      assert.equal(claimState(inputs({ claimable: undefined })).kind, "loading");
    });
    it("has nothing to claim at a zero balance", () => {
      assert.equal(claimState(inputs({ claimable: 0n, simulate: { status: "idle" } })).kind, "nothing-to-claim");
    });
    it("is checking while the simulation runs, ready once it passes", () => {
      assert.equal(claimState(inputs({ simulate: { status: "pending" } })).kind, "checking");
      assert.equal(claimState(inputs({})).kind, "ready");
    });
    it("reports a failing simulation with its reason", () => {
      const state = claimState(inputs({ simulate: { status: "error", error: new Error("nope") } }));
      assert.deepEqual(state, { kind: "would-fail", reason: "nope" });
    });
    it("waits for the wallet while the write is pending", () => {
      assert.equal(claimState(inputs({ write: { status: "pending" } })).kind, "awaiting-wallet");
    });
    it("is pending once a hash exists and the receipt is awaited", () => {
      assert.deepEqual(claimState(inputs({ write: { status: "success", hash }, receipt: { status: "pending" } })), { kind: "pending", hash });
    });
    it("is confirmed by a successful receipt even though the balance is now zero", () => {
      const state = claimState(inputs({ claimable: 0n, simulate: { status: "idle" }, write: { status: "success", hash }, receipt: { status: "success", receiptStatus: "success" } }));
      assert.deepEqual(state, { kind: "confirmed", hash });
    });
    it("is reverted by a reverted receipt", () => {
      const state = claimState(inputs({ write: { status: "success", hash }, receipt: { status: "success", receiptStatus: "reverted" } }));
      assert.deepEqual(state, { kind: "reverted", hash });
    });
    it("reports a refused write", () => {
      const error = new BaseError("User rejected the request.", { cause: new UserRejectedRequestError(new Error("denied")) });
      assert.deepEqual(claimState(inputs({ write: { status: "error", error } })), { kind: "failed", reason: "rejected in the wallet" });
    });
  });

  describe("canClaim", () => {
    it("allows a simulated claim with funds", () => {
      assert.equal(canClaim(inputs({})), true);
    });
    it("refuses with nothing claimable or no passing simulation", () => {
      assert.equal(canClaim(inputs({ claimable: 0n })), false);
      assert.equal(canClaim(inputs({ simulate: { status: "pending" } })), false);
      assert.equal(canClaim(inputs({ simulate: { status: "error" } })), false);
    });
    it("refuses while a claim is in flight, allows the next one after it settles", () => {
      assert.equal(canClaim(inputs({ write: { status: "pending" } })), false);
      assert.equal(canClaim(inputs({ write: { status: "success", hash }, receipt: { status: "pending" } })), false);
      assert.equal(canClaim(inputs({ write: { status: "success", hash }, receipt: { status: "success", receiptStatus: "success" } })), true);
    });
  });

  describe("claimStatusText", () => {
    it("says pending, confirmed and reverted in words, with the transaction", () => {
      assert.match(claimStatusText({ kind: "pending", hash }), /^Claim pending .*0xabab/);
      assert.match(claimStatusText({ kind: "confirmed", hash }), /^Claim confirmed/);
      assert.match(claimStatusText({ kind: "reverted", hash }), /^Claim reverted/);
    });
  });
});

describe("app/lib/txError", () => {
  it("names a custom error and its arguments from a revert", () => {
    const abi = [{ type: "error", name: "NothingToClaim", inputs: [{ name: "account", type: "address" }] }] as const satisfies Abi;
    const account = "0x1111111111111111111111111111111111111111";
    const data = encodeErrorResult({ abi, errorName: "NothingToClaim", args: [account] });
    const revert = new ContractFunctionRevertedError({ abi, data, functionName: "claim" });
    assert.equal(describeTxError(new BaseError("call failed", { cause: revert })), `reverted: NothingToClaim(${account})`);
  });
  it("falls back to the message of a plain error", () => {
    assert.equal(describeTxError(new Error("plain")), "plain");
    assert.equal(describeTxError("text"), "text");
  });
});

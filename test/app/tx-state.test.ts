import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BaseError, ContractFunctionRevertedError, encodeErrorResult, type Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { idleTx, txInFlight, txState, txStatusText } from "@concord/app/lib/txState.ts";

const hash: Hex = `0x${"cd".repeat(32)}`;

describe("app/lib/txState", () => {
  it("walks idle → checking → awaiting wallet → pending → confirmed", () => {
    assert.equal(txState(idleTx).kind, "idle");
    assert.equal(txState({ ...idleTx, simulate: { status: "pending" } }).kind, "checking");
    assert.equal(txState({ ...idleTx, simulate: { status: "success" }, write: { status: "pending" } }).kind, "awaiting-wallet");
    const sent = { simulate: { status: "success" }, write: { status: "success", hash } } as const;
    assert.deepEqual(txState({ ...sent, receipt: { status: "pending" } }), { kind: "pending", hash });
    assert.deepEqual(txState({ ...sent, receipt: { status: "success", receiptStatus: "success" } }), { kind: "confirmed", hash });
    assert.deepEqual(txState({ ...sent, receipt: { status: "success", receiptStatus: "reverted" } }), { kind: "reverted", hash });
  });

  it("decodes a simulated revert into the contract's custom error with its arguments", () => {
    const data = encodeErrorResult({ abi: sessionsAbi, errorName: "RefundTooEarly", args: [7n, 1_700_000_000n] });
    const error = new BaseError("simulation failed", { cause: new ContractFunctionRevertedError({ abi: sessionsAbi, data, functionName: "refund" }) });
    const state = txState({ ...idleTx, simulate: { status: "error", error } });
    assert.deepEqual(state, { kind: "would-fail", reason: "reverted: RefundTooEarly(7, 1700000000)" });
    assert.equal(txStatusText("refund", state), "The refund would fail: reverted: RefundTooEarly(7, 1700000000)");
  });

  it("words each state with the transaction's noun", () => {
    assert.equal(txStatusText("approval", { kind: "pending", hash }), `Approval pending (transaction ${hash}).`);
    assert.equal(txStatusText("session creation", { kind: "confirmed", hash }), `Session creation confirmed (transaction ${hash}).`);
    assert.equal(txStatusText("refund", { kind: "failed", reason: "rejected in the wallet" }), "The refund was not sent: rejected in the wallet");
    assert.equal(txStatusText("refund", { kind: "idle" }), "");
  });

  it("counts checking, awaiting the wallet and pending as in flight, nothing else", () => {
    const kinds = ["idle", "checking", "ready", "awaiting-wallet", "pending", "confirmed", "reverted"] as const;
    const inFlight = kinds.filter((kind) => txInFlight(kind === "pending" || kind === "confirmed" || kind === "reverted" ? { kind, hash } : { kind } as never));
    assert.deepEqual(inFlight, ["checking", "awaiting-wallet", "pending"]);
  });
});

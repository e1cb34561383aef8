// One transaction's state, derived from its three steps (simulate, write, receipt), and the text
// shown for it. Shared by every transaction the dApp sends (approve, createSession, claim,
// claimRoyalty, refund), so each shows disconnected/pending/confirmed/reverted the same way.
import type { Hex } from "viem";
import { describeTxError } from "./txError.ts";

export type TxStep = {
  readonly status: "idle" | "pending" | "error" | "success";
  readonly error?: unknown;
};

export type TxInputs = {
  readonly simulate: TxStep;
  readonly write: TxStep & { readonly hash?: Hex | undefined };
  readonly receipt: TxStep & { readonly receiptStatus?: "success" | "reverted" | undefined };
};

export type TxState =
  | { readonly kind: "idle" }
  | { readonly kind: "checking" }
  | { readonly kind: "ready" }
  | { readonly kind: "would-fail"; readonly reason: string }
  | { readonly kind: "awaiting-wallet" }
  | { readonly kind: "failed"; readonly reason: string }
  | { readonly kind: "pending"; readonly hash: Hex }
  | { readonly kind: "confirmed"; readonly hash: Hex }
  | { readonly kind: "reverted"; readonly hash: Hex }
  | { readonly kind: "unknown-outcome"; readonly hash: Hex; readonly reason: string };

export const idleTx: TxInputs = { simulate: { status: "idle" }, write: { status: "idle" }, receipt: { status: "idle" } };

export function txState({ simulate, write, receipt }: TxInputs): TxState {
  // Once a transaction exists its outcome wins over anything a simulation says now.
  if (write.status === "success" && write.hash !== undefined) {
    const hash = write.hash;
    if (receipt.status === "success") {
      return receipt.receiptStatus === "reverted" ? { kind: "reverted", hash } : { kind: "confirmed", hash };
    }
    if (receipt.status === "error") return { kind: "unknown-outcome", hash, reason: describeTxError(receipt.error) };
    return { kind: "pending", hash };
  }
  if (write.status === "pending") return { kind: "awaiting-wallet" };
  if (write.status === "error") return { kind: "failed", reason: describeTxError(write.error) };
  if (simulate.status === "error") return { kind: "would-fail", reason: describeTxError(simulate.error) };
  if (simulate.status === "success") return { kind: "ready" };
  if (simulate.status === "pending") return { kind: "checking" };
  return { kind: "idle" };
}

/** Whether a transaction is between the user's click and its receipt (buttons wait meanwhile). */
export function txInFlight(state: TxState): boolean {
  return state.kind === "checking" || state.kind === "awaiting-wallet" || state.kind === "pending";
}

/**
 * The status line of a transaction; `noun` names it in a sentence ("claim", "approval",
 * "refund"), and `ready` is what to say before anything was sent.
 */
export function txStatusText(noun: string, state: TxState, ready = ""): string {
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  switch (state.kind) {
    case "idle": return "";
    case "checking": return `Checking the ${noun}…`;
    case "ready": return ready || `Ready to send the ${noun}.`;
    case "would-fail": return `The ${noun} would fail: ${state.reason}`;
    case "awaiting-wallet": return "Waiting for the wallet to send the transaction…";
    case "failed": return `The ${noun} was not sent: ${state.reason}`;
    case "pending": return `${Noun} pending (transaction ${state.hash}).`;
    case "confirmed": return `${Noun} confirmed (transaction ${state.hash}).`;
    case "reverted": return `${Noun} reverted (transaction ${state.hash}).`;
    case "unknown-outcome": return `${Noun} sent (transaction ${state.hash}) but its receipt could not be read: ${state.reason}`;
  }
}

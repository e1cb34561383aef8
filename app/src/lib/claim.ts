// The claim flow as one state derived from its three steps (simulate, write, receipt), and the
// text shown for each state. Framework-free: the hook passes in what wagmi reports.
import type { Hex } from "viem";
import { describeTxError } from "./txError.ts";

export type ClaimStep = {
  readonly status: "idle" | "pending" | "error" | "success";
  readonly error?: unknown;
};

export type ClaimInputs = {
  /** The account's claimable wei; undefined while it loads. */
  readonly claimable: bigint | undefined;
  readonly simulate: ClaimStep;
  readonly write: ClaimStep & { readonly hash?: Hex | undefined };
  readonly receipt: ClaimStep & { readonly receiptStatus?: "success" | "reverted" | undefined };
};

export type ClaimState =
  | { readonly kind: "loading" }
  | { readonly kind: "nothing-to-claim" }
  | { readonly kind: "checking" }
  | { readonly kind: "ready" }
  | { readonly kind: "would-fail"; readonly reason: string }
  | { readonly kind: "awaiting-wallet" }
  | { readonly kind: "failed"; readonly reason: string }
  | { readonly kind: "pending"; readonly hash: Hex }
  | { readonly kind: "confirmed"; readonly hash: Hex }
  | { readonly kind: "reverted"; readonly hash: Hex }
  | { readonly kind: "unknown-outcome"; readonly hash: Hex; readonly reason: string };

export function claimState({ claimable, simulate, write, receipt }: ClaimInputs): ClaimState {
  // Once a transaction exists its outcome wins over anything the simulation says now
  // (after a confirmed claim the balance is zero and the simulation is switched off).
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
  if (claimable === undefined) return { kind: "loading" };
  if (claimable === 0n) return { kind: "nothing-to-claim" };
  if (simulate.status === "error") return { kind: "would-fail", reason: describeTxError(simulate.error) };
  if (simulate.status === "success") return { kind: "ready" };
  return { kind: "checking" };
}

/**
 * Whether the Claim button should act: something to claim, a simulation that passed, and no
 * transaction in flight. A finished claim (confirmed, reverted, refused) does not block the next.
 */
export function canClaim({ claimable, simulate, write, receipt }: ClaimInputs): boolean {
  if (claimable === undefined || claimable === 0n || simulate.status !== "success") return false;
  if (write.status === "pending") return false;
  const inFlight = write.status === "success" && receipt.status === "pending";
  return !inFlight;
}

export function claimStatusText(state: ClaimState): string {
  switch (state.kind) {
    case "loading": return "Reading your claimable balance…";
    case "nothing-to-claim": return "Nothing to claim.";
    case "checking": return "Checking the claim…";
    case "ready": return "Ready to claim.";
    case "would-fail": return `The claim would fail: ${state.reason}`;
    case "awaiting-wallet": return "Waiting for the wallet to send the transaction…";
    case "failed": return `The claim was not sent: ${state.reason}`;
    case "pending": return `Claim pending (transaction ${state.hash}).`;
    case "confirmed": return `Claim confirmed (transaction ${state.hash}).`;
    case "reverted": return `Claim reverted (transaction ${state.hash}).`;
    case "unknown-outcome": return `Claim sent (transaction ${state.hash}) but its receipt could not be read: ${state.reason}`;
  }
}

// The claim flow: the shared transaction state (lib/txState.ts) behind two preconditions of its
// own (the balance is read, and is not zero). Framework-free: the hook passes in what wagmi reports.
import { txInFlight, txState, txStatusText, type TxInputs, type TxState, type TxStep } from "./txState.ts";

export type ClaimStep = TxStep;

export type ClaimInputs = TxInputs & {
  /** The account's claimable amount; undefined while it loads. */
  readonly claimable: bigint | undefined;
};

export type ClaimState = Exclude<TxState, { kind: "idle" }> | { readonly kind: "loading" } | { readonly kind: "nothing-to-claim" };

export function claimState(inputs: ClaimInputs): ClaimState {
  const { claimable, write } = inputs;
  // A sent (or refused) transaction speaks first: after a confirmed claim the balance is zero.
  if (write.status !== "idle") return txState(inputs) as ClaimState;
  if (claimable === undefined) return { kind: "loading" };
  if (claimable === 0n) return { kind: "nothing-to-claim" };
  const state = txState(inputs);
  return state.kind === "idle" ? { kind: "checking" } : state;
}

/**
 * Whether the Claim button should act: something to claim, a simulation that passed, and no
 * transaction in flight. A finished claim (confirmed, reverted, refused) does not block the next.
 */
export function canClaim(inputs: ClaimInputs): boolean {
  const { claimable, simulate, write } = inputs;
  if (claimable === undefined || claimable === 0n || simulate.status !== "success") return false;
  if (write.status === "pending") return false;
  return !(write.status === "success" && txInFlight(txState(inputs)));
}

export function claimStatusText(state: ClaimState): string {
  switch (state.kind) {
    case "loading": return "Reading your claimable balance…";
    case "nothing-to-claim": return "Nothing to claim.";
    case "ready": return "Ready to claim.";
    default: return txStatusText("claim", state);
  }
}

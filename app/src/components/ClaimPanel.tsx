import type { Address } from "viem";
import { useClaim } from "../hooks/useClaim.ts";
import { claimStatusText } from "../lib/claim.ts";
import { formatEth } from "../lib/format.ts";

export function ClaimPanel({ account }: { account: Address }) {
  const claim = useClaim(account);
  return (
    <div className="claim">
      <p>
        Claimable payout:{" "}
        <strong data-testid="claimable-amount">{claim.claimable === undefined ? "…" : formatEth(claim.claimable)}</strong>{" "}
        <button type="button" disabled={!claim.canClaim} onClick={claim.claim}>Claim</button>
      </p>
      <p aria-live="polite" role="status" data-testid="claim-status" data-state={claim.state.kind}>
        {claimStatusText(claim.state)}
      </p>
    </div>
  );
}

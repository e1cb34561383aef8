// The connected account's claimable payout in one currency, with its Claim button and status.
import type { Address } from "viem";
import { useClaim } from "../hooks/useClaim.ts";
import { claimStatusText } from "../lib/claim.ts";
import { formatAmount, type Currency } from "../lib/tokens.ts";
import { TxStatus } from "./TxStatus.tsx";

export function ClaimPanel({ account, currency }: { account: Address; currency: Currency }) {
  const claim = useClaim(account, currency.address);
  return (
    <div className="claim" data-testid="claim-row" data-token={currency.symbol}>
      <p>
        Claimable {currency.symbol}:{" "}
        <strong data-testid="claimable-amount">{claim.claimable === undefined ? "…" : formatAmount(claim.claimable, currency)}</strong>{" "}
        <button type="button" disabled={!claim.canClaim} onClick={claim.claim}>Claim {currency.symbol}</button>
      </p>
      <TxStatus state={claim.state} text={claimStatusText(claim.state)} noun="claim" testId="claim-status" />
    </div>
  );
}

// The connected account's claimable payout in one currency, with its Claim button and status.
import type { Address } from "viem";
import { useClaim } from "../hooks/useClaim.ts";
import { claimStatusText } from "../lib/claim.ts";
import type { Currency } from "../lib/tokens.ts";
import { Amount } from "./chain/Amount.tsx";
import { TxStatus } from "./TxStatus.tsx";

export function ClaimPanel({ account, currency }: { account: Address; currency: Currency }) {
  const claim = useClaim(account, currency.address, currency.symbol);
  return (
    <div className="claim" data-testid="claim-row" data-token={currency.symbol}>
      <p>
        Claimable {currency.symbol}:{" "}
        <strong>{claim.claimable === undefined ? "…" : <Amount amount={claim.claimable} currency={currency} testId="claimable-amount" />}</strong>{" "}
        <button type="button" disabled={!claim.canClaim} onClick={claim.claim}>Claim {currency.symbol}</button>
      </p>
      <TxStatus state={claim.state} text={claimStatusText(claim.state)} noun="claim" testId="claim-status" />
    </div>
  );
}

// The connected address's money: claimable balances per currency (with Claim), its payouts per
// settled session with each agent's royalty breakdown, and refunds of its expired or failed sessions.
import type { Address } from "viem";
import { useBlock } from "wagmi";
import { ClaimPanel } from "../components/ClaimPanel.tsx";
import { RefundList } from "../components/RefundList.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { SessionPayoutsTable } from "../components/SessionPayoutsTable.tsx";
import { useChainIndex } from "../hooks/useChainIndex.ts";
import { useDeployment } from "../hooks/useDeployment.ts";
import { useAgentDirectory } from "../hooks/useAgentDirectory.ts";
import { useBlockTimes } from "../hooks/useBlockTimes.ts";
import { payoutsFor, refundsFor } from "../lib/payouts.ts";
import { currencies, currencyOf } from "../lib/tokens.ts";
import "../pages.css";

export function PayoutsPage() {
  return (
    <section aria-labelledby="payouts-heading">
      <h2 id="payouts-heading">Payouts</h2>
      <RequireWallet purpose="see and claim your payouts">{(account) => <Payouts account={account} />}</RequireWallet>
    </section>
  );
}

function Payouts({ account }: { account: Address }) {
  const list = currencies(useDeployment());
  const index = useChainIndex();
  const directory = useAgentDirectory();
  // The chain's clock, not the browser's: refunds open when a block's timestamp passes the deadline.
  const now = useBlock({ watch: true }).data?.timestamp;
  const sessions = index.data ? payoutsFor(account, index.data.sessions, index.data.splits) : [];
  const refunds = index.data ? refundsFor(account, index.data.sessions, now) : [];
  const times = useBlockTimes(sessions.map((row) => row.settledAtBlock));
  return (
    <>
      <h3>Claimable</h3>
      {list.map((c) => <ClaimPanel key={c.address} account={account} currency={c} />)}
      <h3>Refunds</h3>
      {index.data ? <RefundList rows={refunds} currencies={list} /> : <p className="muted" role="status">Reading sessions…</p>}
      <h3>By session</h3>
      <p className="muted">
        A settled session credits each agent's payout to its royalty recipients once anyone distributes it; then each recipient claims above.
      </p>
      {index.error ? (
        <p role="alert" className="error">Could not read the sessions: {index.error.message}</p>
      ) : !index.data ? (
        <p className="muted" role="status">Reading sessions…</p>
      ) : sessions.length === 0 ? (
        <p>No settled session pays this address yet.</p>
      ) : (
        sessions.map((row) => <SessionPayoutsTable
            key={row.sessionId.toString()} row={row} currency={currencyOf(list, row.token)} directory={directory}
            settledAtMs={row.settledAtBlock === undefined ? undefined : times.get(row.settledAtBlock)}
          />)
      )}
    </>
  );
}

// The dApp's own view of a transaction, for chains without a block explorer (the local devnet):
// its status, from, to, block, gas, value, and its call and events decoded with the generated ABIs.
import { AccountAddress } from "../components/chain/AccountAddress.tsx";
import { CopyButton } from "../components/chain/CopyButton.tsx";
import { TimeAgo } from "../components/chain/TimeAgo.tsx";
import { Amount } from "../components/chain/Amount.tsx";
import { ETH } from "../lib/tokens.ts";
import { Link } from "../components/Link.tsx";
import { NotFound } from "../components/NotFound.tsx";
import { useTxView } from "../hooks/useTxView.ts";
import { shortHash } from "../lib/format.ts";
import type { Route } from "../lib/routes.ts";
import type { Field } from "../lib/tx-view.ts";
import "../pages.css";

export function TxPage({ route }: { route: Extract<Route, { name: "tx" }> }) {
  const view = useTxView(route.hash);
  if (view.notFound) {
    return (
      <NotFound heading="Transaction not found">
        This chain has no transaction <code>{route.hash}</code>. <Link href="/">See the sessions</Link>.
      </NotFound>
    );
  }
  const { tx, receipt } = view;
  const status = receipt === undefined ? (tx && tx.blockNumber === null ? "Pending" : "…") : receipt.status === "success" ? "Success" : "Reverted";
  return (
    <section aria-labelledby="tx-heading" className="tx-page" data-testid="tx-page" data-status={status}>
      <h2 id="tx-heading">Transaction {shortHash(route.hash)}</h2>
      <p className="hash"><code>{route.hash}</code> <CopyButton value={route.hash} label="transaction hash" /></p>
      {view.error && <p role="alert" className="error">Could not read the transaction: {view.error.message}</p>}
      {tx === undefined ? <p className="muted" role="status">Reading the transaction…</p> : (
        <dl className="facts">
          <div><dt>Status</dt><dd data-testid="tx-status" className={status === "Reverted" ? "error" : undefined}>{status}</dd></div>
          <div><dt>From</dt><dd data-testid="tx-from"><AccountAddress address={tx.from} /></dd></div>
          <div>
            <dt>To</dt>
            <dd data-testid="tx-to">
              {tx.to ? <><AccountAddress address={tx.to} />{view.contractName(tx.to) && <span className="muted"> ({view.contractName(tx.to)})</span>}</> : "contract creation"}
            </dd>
          </div>
          <div>
            <dt>Block</dt>
            <dd data-testid="tx-block">{tx.blockNumber === null ? "pending" : tx.blockNumber.toString()}{view.timestampMs !== undefined && <> · <TimeAgo ms={view.timestampMs} past /></>}</dd>
          </div>
          <div><dt>Value</dt><dd data-testid="tx-value"><Amount amount={tx.value} currency={ETH} /></dd></div>
          <div><dt>Gas</dt><dd data-testid="tx-gas">{receipt ? `${receipt.gasUsed} used of ${tx.gas}` : `limit ${tx.gas}`}</dd></div>
        </dl>
      )}
      {tx && (
        <section aria-labelledby="call-heading">
          <h3 id="call-heading">Call</h3>
          {view.call ? (
            <div data-testid="tx-call" data-function={view.call.functionName}>
              <p><code>{view.call.contract}.{view.call.functionName}</code></p>
              <Fields fields={view.call.args} />
            </div>
          ) : <p className="muted">{tx.input === "0x" ? "A plain transfer: no call." : "A call to a contract this dApp has no ABI for."}</p>}
        </section>
      )}
      {view.events && (
        <section aria-labelledby="events-heading">
          <h3 id="events-heading">Events</h3>
          {view.events.length === 0 ? <p className="muted">None.</p> : (
            <ol className="events" data-testid="tx-events">
              {view.events.map((e) => (
                <li key={e.index} data-testid="tx-event" data-event={e.eventName ?? ""}>
                  <code>{e.contract ?? shortHash(e.address)}.{e.eventName ?? "(unknown event)"}</code>
                  {e.eventName ? <Fields fields={e.args} /> : <p className="muted small">{e.topics.length} topics, undecoded.</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </section>
  );
}

function Fields({ fields }: { fields: readonly Field[] }) {
  if (fields.length === 0) return null;
  return (
    <dl className="fields">
      {fields.map((f) => <div key={f.name}><dt>{f.name}</dt><dd><code>{f.value}</code></dd></div>)}
    </dl>
  );
}

// The wallet: connect (dev account or a discovered browser wallet), show the account, flag and
// switch a wrong network. Payouts and claims live on the payouts page.
import { useState } from "react";
import { type Address, isAddressEqual } from "viem";
import { useDeployment } from "../hooks/useDeployment.ts";
import { useWallet } from "../hooks/useWallet.ts";
import { devAccounts, DEVNET_CHAIN_ID } from "../lib/devAccounts.ts";
import type { WalletChoice } from "../lib/wallets.ts";

export function WalletPanel() {
  const wallet = useWallet();
  return (
    <section aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">Wallet</h2>
      {wallet.status === "connected" && wallet.address !== undefined ? (
        <>
          <p>
            Connected{wallet.connectorName ? ` with ${wallet.connectorName}` : ""}:{" "}
            <code data-testid="connected-address">{wallet.address}</code>{" "}
            <button type="button" onClick={wallet.disconnect}>Disconnect</button>
          </p>
          {wallet.wrongChain && (
            <p role="alert" className="error" data-testid="wrong-chain">
              Your wallet is on chain {wallet.connectedChainId}; Concord is on chain {wallet.expectedChainId}.{" "}
              <button type="button" onClick={wallet.switchToExpectedChain}>Switch network</button>
            </p>
          )}
        </>
      ) : (
        <ConnectForm connectDev={wallet.connectDev} wallets={wallet.wallets} connectWallet={wallet.connectWallet} busy={wallet.status === "connecting"} />
      )}
      {wallet.error !== null && <p role="alert" className="error">{wallet.error}</p>}
    </section>
  );
}

function ConnectForm(props: { connectDev: (a: Address) => void; wallets: readonly WalletChoice[]; connectWallet: (uid: string) => void; busy: boolean }) {
  const { orchestrator, chainId } = useDeployment();
  const [picked, setPicked] = useState<Address | undefined>(undefined);
  const list = devAccounts(chainId).map((a) => a.address);
  // The deployment's orchestrator may not submit (the contract refuses a submitter that orchestrates).
  const selected = picked ?? list.find((a) => orchestrator === undefined || !isAddressEqual(a, orchestrator)) ?? list[0];
  return (
    <div className="connect">
      <fieldset>
        <legend>Devnet account (no wallet extension needed)</legend>
        {list.length === 0 ? (
          <p className="muted">Dev accounts exist only on the local devnet (chain {DEVNET_CHAIN_ID}).</p>
        ) : (
          <>
            <label htmlFor="dev-account">Account</label>{" "}
            <select id="dev-account" value={selected} onChange={(e) => setPicked(e.target.value as Address)}>
              {list.map((a, i) => (
                <option key={a} value={a}>#{i} {a}</option>
              ))}
            </select>{" "}
            <button type="button" disabled={props.busy || selected === undefined} onClick={() => selected && props.connectDev(selected)}>
              Use dev account
            </button>
          </>
        )}
      </fieldset>
      <div className="wallets" role="group" aria-label="Browser wallets">
        {props.wallets.length === 0 ? (
          <p className="muted">No browser wallet found (wallets announce themselves through EIP-6963).</p>
        ) : (
          props.wallets.map((w) => (
            <button key={w.uid} type="button" disabled={props.busy} onClick={() => props.connectWallet(w.uid)}>
              {w.icon !== undefined && <img src={w.icon} alt="" />}Connect {w.name}
            </button>
          ))
        )}
      </div>
    </div>
  );
}

// The header's wallet: one compact button (identicon, short address, balance, network) that opens
// a menu with the account's details and Disconnect, or, when disconnected, the devnet's accounts
// and the browser wallets to connect. A wrong network is flagged beside it, with the switch.
import { useEffect, useRef } from "react";
import { type Address, isAddressEqual } from "viem";
import { useDeployment } from "../hooks/useDeployment.ts";
import { useWallet } from "../hooks/useWallet.ts";
import { devAccounts, DEVNET_CHAIN_ID } from "../lib/devAccounts.ts";
import { shortAddress } from "../lib/format.ts";
import { ETH } from "../lib/tokens.ts";
import type { WalletChoice } from "../lib/wallets.ts";
import { AccountAddress } from "./chain/AccountAddress.tsx";
import { Amount } from "./chain/Amount.tsx";
import { Avatar } from "./chain/Avatar.tsx";

export function WalletMenu() {
  const wallet = useWallet();
  const { chainId } = useDeployment();
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute("open");
  // Closes on a click outside it or on Escape, like any menu.
  useEffect(() => {
    const outside = (event: Event) => {
      if (menu.current?.open && !menu.current.contains(event.target as Node)) close();
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === "Escape" && menu.current?.open) {
        close();
        menu.current.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("click", outside);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("click", outside);
      document.removeEventListener("keydown", escape);
    };
  }, []);
  const connected = wallet.status === "connected" && wallet.address !== undefined;
  const network = chainId === DEVNET_CHAIN_ID ? "Devnet" : `Chain ${chainId}`;
  return (
    <div className="wallet" data-testid="wallet" data-status={wallet.status}>
      <details ref={menu} className="wallet-menu">
        <summary>
          <span className="visually-hidden">Wallet: </span>
          {connected ? (
            <>
              <Avatar seed={wallet.address!} size={20} />
              <span className="wallet-address" data-testid="connected-address" data-address={wallet.address} title={wallet.address}>{shortAddress(wallet.address!)}</span>
              {wallet.balance !== undefined && <span className="wallet-balance" data-testid="wallet-balance"><Amount amount={wallet.balance} currency={ETH} /></span>}
              <span className={wallet.wrongChain ? "network wrong" : "network"} data-testid="wallet-network">{wallet.wrongChain ? `Chain ${wallet.connectedChainId}` : network}</span>
            </>
          ) : wallet.status === "reconnecting" || wallet.status === "connecting" ? "Connecting…" : "Connect wallet"}
        </summary>
        <div className="wallet-panel">
          {connected ? (
            <>
              <p>
                Connected{wallet.connectorName ? ` with ${wallet.connectorName}` : ""} on {network}:<br />
                <AccountAddress address={wallet.address!} />
              </p>
              <button type="button" onClick={() => { close(); wallet.disconnect(); }}>Disconnect</button>
            </>
          ) : (
            <ConnectChoices
              busy={wallet.status === "connecting"}
              wallets={wallet.wallets}
              connectDev={(a) => { close(); wallet.connectDev(a); }}
              connectWallet={(uid) => { close(); wallet.connectWallet(uid); }}
            />
          )}
        </div>
      </details>
      {wallet.wrongChain && (
        <p role="alert" className="error wrong-chain" data-testid="wrong-chain">
          Your wallet is on chain {wallet.connectedChainId}; Concord is on chain {wallet.expectedChainId}.{" "}
          <button type="button" onClick={wallet.switchToExpectedChain}>Switch network</button>
        </p>
      )}
      {wallet.error !== null && <p role="alert" className="error">{wallet.error}</p>}
    </div>
  );
}

function ConnectChoices(props: { connectDev: (a: Address) => void; wallets: readonly WalletChoice[]; connectWallet: (uid: string) => void; busy: boolean }) {
  const { orchestrator, chainId } = useDeployment();
  const list = devAccounts(chainId).map((a) => a.address);
  return (
    <>
      <div className="wallets" role="group" aria-label="Browser wallets">
        {props.wallets.length === 0 ? (
          <p className="muted small">No browser wallet found (wallets announce themselves through EIP-6963).</p>
        ) : (
          props.wallets.map((w) => (
            <button key={w.uid} type="button" disabled={props.busy} onClick={() => props.connectWallet(w.uid)}>
              {w.icon !== undefined && <img src={w.icon} alt="" />}Connect {w.name}
            </button>
          ))
        )}
      </div>
      {list.length === 0 ? (
        <p className="muted small">Dev accounts exist only on the local devnet (chain {DEVNET_CHAIN_ID}).</p>
      ) : (
        <div role="group" aria-labelledby="dev-accounts-label">
          <p id="dev-accounts-label" className="small">Devnet accounts (no wallet extension needed)</p>
          <ul className="plain dev-accounts">
            {list.map((a, i) => {
              // The deployment's orchestrator may not submit (the contract refuses a submitter that orchestrates).
              const orchestrates = orchestrator !== undefined && isAddressEqual(a, orchestrator);
              return (
                <li key={a}>
                  <button type="button" className="dev-account" data-address={a} disabled={props.busy} onClick={() => props.connectDev(a)} title={a}>
                    <Avatar seed={a} size={16} /> Account {i} <span className="muted">{shortAddress(a)}{orchestrates ? " · orchestrator" : ""}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </>
  );
}

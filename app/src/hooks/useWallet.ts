// Connection state and the wallet actions the page offers: connect a devnet account (signed in the
// page with the devnet's well-known key, no extension needed), connect any injected wallet the browser announced (EIP-6963,
// discovered by wagmi's createConfig), disconnect, and switch to the deployment's chain.
import type { Address } from "viem";
import { useConnect, useConnection, useConnectors, useDisconnect, useSwitchChain } from "wagmi";
import { rememberDevAccount, safeLocalStorage } from "../lib/dev-session.ts";
import { findDevAccount } from "../lib/devAccounts.ts";
import { describeTxError } from "../lib/txError.ts";
import { walletChoices, walletGate } from "../lib/wallets.ts";
import { useDeployment } from "./useDeployment.ts";
import { useNativeBalance } from "./useNativeBalance.ts";

export function useWallet() {
  const chainId = useDeployment().chainId;
  const connection = useConnection();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();
  const connectors = useConnectors();
  const hasWindowEthereum = typeof window !== "undefined" && "ethereum" in window && window.ethereum !== undefined;
  const balance = useNativeBalance(connection.address);
  const gate = walletGate(connection.status, connection.address, connection.chainId, chainId);
  return {
    address: connection.address,
    status: connection.status,
    connectorName: connection.connector?.name,
    balance,
    wrongChain: gate.kind === "wrong-chain",
    connectedChainId: connection.chainId,
    expectedChainId: chainId,
    error: connect.error ? describeTxError(connect.error) : switchChain.error ? describeTxError(switchChain.error) : null,
    wallets: walletChoices(connectors, hasWindowEthereum),
    connectDev: (address: Address) => {
      const account = findDevAccount(chainId, address);
      if (account === undefined) return;
      // Loaded on demand: signing code (secp256k1, a wallet client) stays out of the first render.
      import("../lib/devAccountConnector.ts").then(
        ({ devAccountConnector }) => connect.mutate(
          { connector: devAccountConnector(account.privateKey) },
          // Remembered so a reload reconnects it (main.tsx).
          { onSuccess: () => rememberDevAccount(safeLocalStorage(), account.address) },
        ),
        (error: unknown) => console.error("the dev account connector did not load", error),
      );
    },
    connectWallet: (uid: string) => {
      const connector = connectors.find((c) => c.uid === uid);
      if (!connector) return;
      rememberDevAccount(safeLocalStorage(), undefined);
      connect.mutate({ connector });
    },
    disconnect: () => {
      rememberDevAccount(safeLocalStorage(), undefined);
      disconnect.mutate();
    },
    switchToExpectedChain: () => switchChain.mutate({ chainId }),
  };
}


// Connection state and the three wallet actions the page offers: connect a devnet account
// (wagmi's mock connector, no extension needed), connect an injected wallet, disconnect.
import type { Address } from "viem";
import { useConnect, useConnection, useConnectors, useDisconnect, useSwitchChain } from "wagmi";
import { mock } from "wagmi/connectors";
import { describeTxError } from "../lib/txError.ts";
import { useDeployment } from "./useDeployment.ts";

export function useWallet() {
  const chainId = useDeployment().chainId;
  const connection = useConnection();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();
  const injectedConnector = useConnectors().find((c) => c.type === "injected");
  return {
    address: connection.address,
    status: connection.status,
    connectorName: connection.connector?.name,
    wrongChain: connection.status === "connected" && connection.chainId !== chainId,
    connectedChainId: connection.chainId,
    expectedChainId: chainId,
    error: connect.error ? describeTxError(connect.error) : switchChain.error ? describeTxError(switchChain.error) : null,
    connectDev: (account: Address) => connect.mutate({ connector: mock({ accounts: [account] }) }),
    connectInjected: injectedConnector ? () => connect.mutate({ connector: injectedConnector }) : undefined,
    disconnect: () => disconnect.mutate(),
    switchToExpectedChain: () => switchChain.mutate({ chainId }),
  };
}

// Renders its children for a connected account on the deployment's chain; otherwise says what is
// missing (the wallet panel above offers the connect and switch buttons).
import type { ReactNode } from "react";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useDeployment } from "../hooks/useDeployment.ts";
import { walletGate } from "../lib/wallets.ts";

export function RequireWallet(props: { purpose: string; children: (account: Address) => ReactNode }) {
  const connection = useConnection();
  const gate = walletGate(connection.status, connection.address, connection.chainId, useDeployment().chainId);
  if (gate.kind === "ready") return <>{props.children(gate.account)}</>;
  return (
    <p className="muted" data-testid="wallet-required">
      {gate.kind === "wrong-chain" ? `Switch your wallet to chain ${gate.expected} to ${props.purpose}.` : `Connect a wallet (above) to ${props.purpose}.`}
    </p>
  );
}

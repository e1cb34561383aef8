// The chain the dApp talks to: the deployment's chain id, reached through the dApp server's /rpc
// proxy on the page's own origin (the browser never needs the devnet's address).
import { defineChain, type Chain } from "viem";
import type { Deployment } from "@concord/agent-sdk/protocol";

export function rpcProxyUrl(origin: string): string {
  return `${origin}/rpc`;
}

export function deploymentChain(deployment: Deployment, origin: string): Chain {
  return defineChain({
    id: deployment.chainId,
    name: `Concord chain ${deployment.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcProxyUrl(origin)] } },
    testnet: true,
  });
}

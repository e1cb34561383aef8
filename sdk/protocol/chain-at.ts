// The viem chain for a node at a URL, and how often to poll it: the SDK's clients (scripts, the
// relayer, the agent's session check) all build theirs here.
import { defineChain, type Chain } from "viem";

/** Hardhat's chain id: the local devnet. */
export const DEVNET_CHAIN_ID = 31337;

/** The chain `chainId` served at `rpcUrl`; a devnet mines each transaction at once, so receipts are polled fast there. */
export function chainAt(chainId: number, rpcUrl: string): { chain: Chain; pollingInterval: number } {
  const chain = defineChain({
    id: chainId, name: chainId === DEVNET_CHAIN_ID ? "Concord devnet" : `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } },
  });
  return { chain, pollingInterval: chainId === DEVNET_CHAIN_ID ? 50 : 4_000 };
}

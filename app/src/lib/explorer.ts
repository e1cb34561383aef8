// Where a transaction or an address is shown: the block explorer of the deployment's chain when it
// has one, else (the local devnet, or any chain without a listed explorer) the dApp's own views at
// /tx/:hash and /address/:address, which read the chain through the page's /rpc proxy.
import type { Address, Hex } from "viem";
import { addressHref as ownAddressHref, txHref as ownTxHref } from "./routes.ts";

export type Explorer = {
  readonly name: string;
  /** True for the dApp's own views (followed within the app, no new tab). */
  readonly internal: boolean;
  readonly txHref: (hash: Hex) => string;
  readonly addressHref: (address: Address) => string;
};

/** The public explorers of the chains a Concord deployment may live on, by chain id. */
export const chainExplorers: Readonly<Record<number, { readonly name: string; readonly url: string }>> = {
  1: { name: "Etherscan", url: "https://etherscan.io" },
  10: { name: "Optimism Etherscan", url: "https://optimistic.etherscan.io" },
  8453: { name: "Basescan", url: "https://basescan.org" },
  42161: { name: "Arbiscan", url: "https://arbiscan.io" },
  84532: { name: "Basescan Sepolia", url: "https://sepolia.basescan.org" },
  11155111: { name: "Sepolia Etherscan", url: "https://sepolia.etherscan.io" },
};

export const ownExplorer: Explorer = { name: "Concord", internal: true, txHref: ownTxHref, addressHref: ownAddressHref };

/** `configured`: the explorer the dApp server's operator set (it wins over the list). */
export function explorerFor(
  chainId: number, explorers: Readonly<Record<number, { readonly name: string; readonly url: string }>> = chainExplorers,
  configured?: { readonly name: string; readonly url: string },
): Explorer {
  const listed = configured ?? explorers[chainId];
  if (listed === undefined) return ownExplorer;
  const base = listed.url.replace(/\/+$/, "");
  return { name: listed.name, internal: false, txHref: (hash) => `${base}/tx/${hash}`, addressHref: (address) => `${base}/address/${address}` };
}

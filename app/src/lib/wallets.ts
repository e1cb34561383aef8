// Wallet choices and connection gating, framework-free: which connect buttons to show (every
// EIP-6963 wallet the browser announced, by name and icon, plus the generic injected one only when
// nothing was announced but window.ethereum exists), and whether a page may send transactions.
import type { Address } from "viem";

export type ConnectorLike = { readonly uid: string; readonly id: string; readonly name: string; readonly type: string; readonly icon?: string | undefined };

export type WalletChoice = { readonly uid: string; readonly name: string; readonly icon: string | undefined };

/** wagmi's generic injected() connector has this id; EIP-6963 wallets use their rdns. */
const GENERIC_INJECTED_ID = "injected";

export function walletChoices(connectors: readonly ConnectorLike[], hasWindowEthereum: boolean): WalletChoice[] {
  const injected = connectors.filter((c) => c.type === "injected");
  const announced = injected.filter((c) => c.id !== GENERIC_INJECTED_ID);
  const seen = new Set<string>();
  const choices: WalletChoice[] = [];
  for (const c of announced) {
    if (seen.has(c.id)) continue; // a wallet announced twice (two page loads of its script)
    seen.add(c.id);
    choices.push({ uid: c.uid, name: c.name, icon: safeIcon(c.icon) });
  }
  if (choices.length === 0 && hasWindowEthereum) {
    const generic = injected.find((c) => c.id === GENERIC_INJECTED_ID);
    if (generic) choices.push({ uid: generic.uid, name: "Browser wallet", icon: undefined });
  }
  return choices;
}

/** EIP-6963 icons must be data: URIs; anything else (a tracking URL, javascript:) is dropped. */
function safeIcon(icon: string | undefined): string | undefined {
  return icon !== undefined && /^data:image\/(svg\+xml|png|webp|jpeg|gif)[;,]/.test(icon) ? icon : undefined;
}

export type WalletGate =
  | { readonly kind: "disconnected" }
  | { readonly kind: "wrong-chain"; readonly connected: number | undefined; readonly expected: number }
  | { readonly kind: "ready"; readonly account: Address };

export function walletGate(status: string, address: Address | undefined, chainId: number | undefined, expected: number): WalletGate {
  if (status !== "connected" || address === undefined) return { kind: "disconnected" };
  if (chainId !== expected) return { kind: "wrong-chain", connected: chainId, expected };
  return { kind: "ready", account: address };
}

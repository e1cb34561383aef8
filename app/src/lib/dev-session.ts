// Which dev account the page last connected, kept in the browser's storage so a reload reconnects
// it (wagmi reconnects the connectors it knows; the dev-account connector is made at connect time,
// so the page remembers its account and hands wagmi a new one on boot). Only the address is kept:
// the key is the devnet's well-known one, looked up again from the list.
import type { Address } from "viem";
import { findDevAccount, type DevAccount } from "./devAccounts.ts";

export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export const devAccountStorageKey = "concord.devAccount";

export function rememberDevAccount(storage: StorageLike | undefined, address: Address | undefined): void {
  try {
    if (address === undefined) storage?.removeItem(devAccountStorageKey);
    else storage?.setItem(devAccountStorageKey, address);
  } catch {
    // Storage refused (private mode, quota): the page simply does not reconnect after a reload.
  }
}

/** The remembered dev account, if any and if it is one of this chain's dev accounts. */
export function rememberedDevAccount(storage: StorageLike | undefined, chainId: number): DevAccount | undefined {
  let stored: string | null | undefined;
  try {
    stored = storage?.getItem(devAccountStorageKey);
  } catch {
    return undefined;
  }
  if (typeof stored !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(stored)) return undefined;
  return findDevAccount(chainId, stored as Address);
}

/** The browser's localStorage, or undefined where there is none or reading it throws (some privacy modes). */
export function safeLocalStorage(): StorageLike | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

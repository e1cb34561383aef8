// Driving the header's wallet menu from browser tests: connect a devnet account (no extension),
// disconnect, and read what the page shows of amounts and transactions.
import type { Locator, Page } from "playwright-core";
import type { Address, Hex } from "viem";

/** Opens the wallet menu (a <details>) if it is closed. */
export async function openWalletMenu(page: Page): Promise<void> {
  const menu = page.locator("details.wallet-menu");
  if ((await menu.getAttribute("open")) === null) await menu.locator("summary").click();
}

/** Connects `account` through the menu's dev accounts, disconnecting another account first. */
export async function connectDevAccount(page: Page, account: Address): Promise<void> {
  const connected = page.getByTestId("connected-address");
  await page.locator("[data-testid=wallet]:not([data-status=reconnecting]):not([data-status=connecting])").waitFor();
  if ((await connected.count()) > 0) {
    if ((await connected.getAttribute("data-address"))?.toLowerCase() === account.toLowerCase()) return;
    await disconnectWallet(page);
  }
  await openWalletMenu(page);
  await page.locator(`button.dev-account[data-address="${account}" i]`).click();
  await page.locator(`[data-testid=connected-address][data-address="${account}" i]`).waitFor();
}

export async function disconnectWallet(page: Page): Promise<void> {
  await openWalletMenu(page);
  await page.locator(".wallet-panel").getByRole("button", { name: "Disconnect" }).click();
  await page.getByTestId("connected-address").waitFor({ state: "detached" });
}

/** Waits until an amount shows exactly `amount` base units (the text is rounded; data-amount is exact). */
export async function waitForAmount(locator: Locator, amount: bigint): Promise<void> {
  await locator.and(locator.page().locator(`[data-amount="${amount}"]`)).waitFor();
}

/** The transaction a status line links to. */
export async function statusHash(status: Locator): Promise<Hex | undefined> {
  return ((await status.getAttribute("data-hash")) ?? undefined) as Hex | undefined;
}

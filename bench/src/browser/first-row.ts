// When the sessions list's first row entered the DOM, from navigation start: the first-render
// measure of the browser test and of bench:first-render, one definition for both.
import type { Page } from "playwright-core";

type Timed = { __firstRowMs?: number };

/** Installs, before any page script runs, an observer that stamps the first session row. */
export async function recordFirstRow(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Timed;
    new MutationObserver((_, observer) => {
      if (w.__firstRowMs === undefined && document.querySelector("[data-testid=session-row]")) {
        w.__firstRowMs = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The stamp of the current page's load, or undefined when no row has appeared yet. */
export function firstRowMs(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as Timed).__firstRowMs);
}

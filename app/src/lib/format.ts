// Display formatting for chain values: amounts (rounded for reading, exact on hover), shortened
// hashes and addresses, and times relative to now.
import { formatEther, formatUnits, type Address, type Hex } from "viem";

/** Wei as an exact decimal ETH string ("1.5 ETH"): the exact value, shown on hover and in titles. */
export function formatEth(wei: bigint): string {
  return `${formatEther(wei)} ETH`;
}

const zeroHash = `0x${"0".repeat(64)}`;

/** `0x1234ab…cdef` for a 32-byte hash; null for the zero hash (nothing recorded yet). */
export function shortHash(hash: Hex): string | null {
  if (hash.toLowerCase() === zeroHash) return null;
  return `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}

/** `0x1234…cdef`: an address short enough for a phone's line (the whole of it on hover and copy). */
export function shortAddress(address: Address | string): string {
  return address.length <= 13 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/**
 * A decimal string rounded half up to `significant` digits after the point when it has an integer
 * part, else to `significant` significant digits ("0.0001234" stays readable), trailing zeros dropped.
 * Works on the digits, so 18-decimal amounts lose nothing to floating point before rounding.
 */
export function roundDecimal(exact: string, significant = 4): string {
  const negative = exact.startsWith("-");
  const body = negative ? exact.slice(1) : exact;
  const [int = "0", frac = ""] = body.split(".");
  let keep: number;
  if (/[1-9]/.test(int)) keep = significant;
  else {
    const lead = frac.search(/[1-9]/);
    if (lead < 0) return "0";
    keep = lead + significant;
  }
  if (frac.length <= keep) return exact;
  const roundUp = frac.charCodeAt(keep) >= "5".charCodeAt(0) ? 1n : 0n;
  const digits = (BigInt(int + frac.slice(0, keep)) + roundUp).toString().padStart(keep + 1, "0");
  const whole = digits.slice(0, digits.length - keep);
  const fraction = digits.slice(digits.length - keep).replace(/0+$/, "");
  return `${negative ? "-" : ""}${fraction === "" ? whole : `${whole}.${fraction}`}`;
}

/** An amount of a currency rounded for reading, and exactly (for the hover title). */
export function amountText(amount: bigint, currency: { readonly symbol: string; readonly decimals: number }): { readonly text: string; readonly exact: string } {
  const exact = formatUnits(amount, currency.decimals);
  return { text: `${roundDecimal(exact)} ${currency.symbol}`, exact: `${exact} ${currency.symbol}` };
}

const units: readonly [limitSeconds: number, divisor: number, unit: string][] = [
  [60, 1, "s"],
  [3600, 60, "min"],
  [86_400, 3600, "h"],
  [86_400 * 45, 86_400, "days"],
  [86_400 * 365, 86_400 * 30, "months"],
  [Infinity, 86_400 * 365, "years"],
];

/** "3 min ago", "in 2 h", "just now": the distance from `nowMs` to `thenMs`, rounded down. */
/** Time left, for a countdown that ticks each second: "in 12 s" under two minutes, then "in 3 min". */
export function timeLeft(seconds: number): string {
  const left = Math.max(0, Math.ceil(seconds));
  return left < 120 ? `in ${left} s` : `in ${Math.ceil(left / 60)} min`;
}

export function relativeTime(thenMs: number, nowMs: number): string {
  const seconds = Math.round((thenMs - nowMs) / 1000);
  const distance = Math.abs(seconds);
  if (distance < 10) return "just now";
  for (const [limit, divisor, unit] of units) {
    if (distance < limit) {
      const count = Math.floor(distance / divisor);
      const label = unit === "days" && count === 1 ? "day" : unit === "months" && count === 1 ? "month" : unit === "years" && count === 1 ? "year" : unit;
      return seconds < 0 ? `${count} ${label} ago` : `in ${count} ${label}`;
    }
  }
  return "";
}

/**
 * How long ago something already happened at `thenMs` (a mined block): as relativeTime, but never
 * "in …" when the chain's clock runs ahead of the browser's (a devnet's often does).
 */
export function pastTime(thenMs: number, nowMs: number): string {
  return relativeTime(Math.min(thenMs, nowMs), nowMs);
}

/** The absolute time for a hover title, in UTC so every reader sees the same text. */
export function absoluteTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
}

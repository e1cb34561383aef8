// The royalty split editor's rules: the AgentRegistry's RoyaltySplit.validate mirrored case by
// case (splitRevert names the custom error the contract would revert with), and the editor's rows
// (recipient, share in percent) checked field by field before anything is sent. Framework-free.
import { MAX_SPLIT_RECIPIENTS, SPLIT_TOTAL_BPS } from "@concord/agent-sdk/protocol";
import { getAddress, isAddress, zeroAddress, type Address } from "viem";

export type SplitValue = { readonly recipients: readonly Address[]; readonly bps: readonly number[] };

/** The custom error RoyaltySplit.validate reverts with, and its arguments. */
export type SplitRevert =
  | { readonly name: "SplitRecipientCount"; readonly args: readonly [count: number, max: number] }
  | { readonly name: "SplitLengthMismatch"; readonly args: readonly [recipients: number, bps: number] }
  | { readonly name: "SplitRecipientOrder"; readonly args: readonly [index: number, recipient: Address] }
  | { readonly name: "SplitZeroShare"; readonly args: readonly [index: number] }
  | { readonly name: "SplitTotal"; readonly args: readonly [total: number] };

/**
 * What RoyaltySplit.validate says of `split`, in the contract's own order of checks: the first
 * error it would revert with, or undefined when it accepts the split. Recipients compare as
 * uint160 (so the zero address is never above "previous", which starts at zero).
 */
export function splitRevert(split: SplitValue): SplitRevert | undefined {
  const n = split.recipients.length;
  if (n === 0 || n > MAX_SPLIT_RECIPIENTS) return { name: "SplitRecipientCount", args: [n, MAX_SPLIT_RECIPIENTS] };
  if (split.bps.length !== n) return { name: "SplitLengthMismatch", args: [n, split.bps.length] };
  let total = 0;
  let previous = 0n;
  for (let i = 0; i < n; i++) {
    const recipient = split.recipients[i]!;
    const value = BigInt(recipient);
    if (value <= previous) return { name: "SplitRecipientOrder", args: [i, recipient] };
    const part = split.bps[i]!;
    if (part === 0) return { name: "SplitZeroShare", args: [i] };
    total += part;
    previous = value;
  }
  if (total !== SPLIT_TOTAL_BPS) return { name: "SplitTotal", args: [total] };
  return undefined;
}

/** One row of the editor as typed: an address and a share in percent ("62.5"). */
export type SplitRow = { readonly recipient: string; readonly percent: string };
export type SplitRowErrors = { readonly recipient?: string; readonly percent?: string };

export type SplitCheck =
  | { readonly ok: true; readonly split: SplitValue; readonly totalBps: number }
  | { readonly ok: false; readonly rows: readonly SplitRowErrors[]; readonly error?: string; readonly totalBps: number | undefined };

const percentPattern = /^\d{1,3}(\.\d{1,2})?$/;

/** "62.5" → 6250 basis points; undefined unless a percentage with at most two decimals. */
export function percentToBps(text: string): number | undefined {
  const t = text.trim();
  if (!percentPattern.test(t)) return undefined;
  const [whole, fraction = ""] = t.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** 6250 → "62.5". */
export function bpsToPercent(bps: number): string {
  const whole = Math.floor(bps / 100);
  const fraction = bps % 100;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, "0").replace(/0$/, "")}`;
}

/** The rows of an existing split (what the editor starts from on an agent's page). */
export function splitRows(split: SplitValue): SplitRow[] {
  return split.recipients.map((recipient, i) => ({ recipient, percent: bpsToPercent(split.bps[i]!) }));
}

/**
 * Checks the editor's rows as the contract would check the split they make, each problem by the
 * field that causes it; when all is well, the split to send: recipients sorted ascending (the
 * contract requires it; the editor's order is the person's), each with its share.
 */
export function checkSplitRows(rows: readonly SplitRow[]): SplitCheck {
  const errors: SplitRowErrors[] = rows.map(() => ({}));
  const seen = new Map<string, number>();
  const parsed: { recipient: Address; bps: number }[] = [];
  let totalBps: number | undefined = 0;
  rows.forEach((row, i) => {
    const text = row.recipient.trim();
    let recipient: string | undefined;
    let percent: string | undefined;
    if (text === "") recipient = "Enter the recipient's address.";
    else if (!isAddress(text, { strict: false })) recipient = "Not an address (0x and 40 hex digits).";
    else if (BigInt(text) === BigInt(zeroAddress)) recipient = "The zero address cannot be paid (SplitRecipientOrder).";
    else {
      const key = text.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) recipient = `Already listed in row ${first + 1}: each recipient once (SplitRecipientOrder).`;
      else seen.set(key, i);
    }
    const bps = percentToBps(row.percent);
    if (row.percent.trim() === "") percent = "Enter a share.";
    else if (bps === undefined) percent = "A percentage with at most two decimals (basis points).";
    else if (bps === 0) percent = "A share must be above 0 (SplitZeroShare).";
    else if (bps > SPLIT_TOTAL_BPS) percent = "A share is at most 100 %.";
    if (bps === undefined) totalBps = undefined;
    else if (totalBps !== undefined) totalBps += bps;
    errors[i] = { ...(recipient && { recipient }), ...(percent && { percent }) };
    if (recipient === undefined && percent === undefined) parsed.push({ recipient: getAddress(text), bps: bps! });
  });
  let error: string | undefined;
  if (rows.length === 0 || rows.length > MAX_SPLIT_RECIPIENTS) {
    error = `A split has 1 to ${MAX_SPLIT_RECIPIENTS} recipients, not ${rows.length} (SplitRecipientCount).`;
  } else if (totalBps !== undefined && totalBps !== SPLIT_TOTAL_BPS) {
    error = `The shares add up to ${bpsToPercent(totalBps)} %, not 100 % (SplitTotal).`;
  }
  if (error !== undefined || parsed.length !== rows.length) return { ok: false, rows: errors, ...(error && { error }), totalBps };
  parsed.sort((a, b) => (BigInt(a.recipient) < BigInt(b.recipient) ? -1 : 1));
  const split: SplitValue = { recipients: parsed.map((p) => p.recipient), bps: parsed.map((p) => p.bps) };
  // The rules above are the contract's; this is the contract's own check, as a last guard.
  const revert = splitRevert(split);
  if (revert !== undefined) return { ok: false, rows: errors, error: `The contract would refuse this split (${revert.name}).`, totalBps };
  return { ok: true, split, totalBps: SPLIT_TOTAL_BPS };
}

/** Whether two splits are the same recipients with the same shares (no transaction needed). */
export function sameSplit(a: SplitValue, b: SplitValue): boolean {
  return a.recipients.length === b.recipients.length
    && a.recipients.every((r, i) => r.toLowerCase() === b.recipients[i]!.toLowerCase() && a.bps[i] === b.bps[i]);
}

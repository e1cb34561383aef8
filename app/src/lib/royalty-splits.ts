// Royalty splits as the AgentRegistry's events tell them, and how a payout divides among a
// split's recipients (as the contract computes it). Framework-free.
import type { Address, Hex } from "viem";

export type SplitEvent = { readonly agentId: bigint; readonly splitHash: Hex; readonly recipients: readonly Address[]; readonly bps: readonly number[] };

/** Splits by their hash (a hash names one recipients/bps pair, whichever agent set it). */
export function splitsByHash(events: readonly SplitEvent[]): Map<Hex, SplitEvent> {
  return new Map(events.map((e) => [e.splitHash.toLowerCase() as Hex, e]));
}

export function findSplit(splits: ReadonlyMap<Hex, SplitEvent>, hash: Hex): SplitEvent | undefined {
  return splits.get(hash.toLowerCase() as Hex);
}

/**
 * Each recipient's part of `amount` as claimRoyalty credits it: amount·bps/10 000, the last
 * recipient taking the remainder so the parts sum to `amount` exactly (RoyaltySplit.share).
 */
export function royaltyShares(amount: bigint, bps: readonly number[]): bigint[] {
  let distributed = 0n;
  return bps.map((b, i) => {
    const part = i === bps.length - 1 ? amount - distributed : (amount * BigInt(b)) / 10_000n;
    distributed += part;
    return part;
  });
}

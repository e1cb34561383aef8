// The sessions and royalty splits as the contracts' events tell them, shaped once for the
// payouts and agents pages. Framework-free: the hook passes in decoded event args.
import type { Address, Hex } from "viem";
import { unpackRoundOutcome } from "../../../sdk/protocol/round-packing.ts";

export type CreatedEvent = {
  readonly sessionId: bigint;
  readonly submitter: Address;
  readonly orchestrator: Address;
  readonly params: { readonly token: Address; readonly bounty: bigint; readonly agentIds: readonly bigint[]; readonly deadline: bigint | number };
  readonly splitHashes: readonly Hex[];
};
export type SettledEvent = { readonly sessionId: bigint; readonly winnerAgentId: bigint; readonly payouts: readonly bigint[] };
export type RefundedEvent = { readonly sessionId: bigint };
export type RoundEvent = { readonly sessionId: bigint; readonly round: number; readonly outcome: bigint };
export type DistributedEvent = { readonly sessionId: bigint; readonly agentIndex: bigint };
export type SplitEvent = { readonly agentId: bigint; readonly splitHash: Hex; readonly recipients: readonly Address[]; readonly bps: readonly number[] };

export type SessionEvents = {
  readonly created: readonly CreatedEvent[];
  readonly settled: readonly SettledEvent[];
  readonly refunded: readonly RefundedEvent[];
  readonly rounds: readonly RoundEvent[];
  readonly distributed: readonly DistributedEvent[];
};

export type IndexedSession = {
  readonly id: bigint;
  readonly submitter: Address;
  readonly token: Address;
  readonly bounty: bigint;
  readonly deadline: bigint;
  readonly agentIds: readonly bigint[];
  readonly splitHashes: readonly Hex[];
  readonly status: "Open" | "Settled" | "Refunded";
  /** Each agent's payout (agent order), once settled. */
  readonly payouts: readonly bigint[] | undefined;
  readonly winnerAgentId: bigint | undefined;
  /** The winning agent index of each recorded round, by round number. */
  readonly roundWinners: ReadonlyMap<number, number>;
  /** Agent indices whose royalty was already credited to their recipients. */
  readonly distributed: ReadonlySet<number>;
};

export function indexSessions(events: SessionEvents): IndexedSession[] {
  const settled = new Map(events.settled.map((e) => [e.sessionId, e]));
  const refunded = new Set(events.refunded.map((e) => e.sessionId));
  return events.created
    .map((c) => {
      const done = settled.get(c.sessionId);
      const agentCount = c.params.agentIds.length;
      const roundWinners = new Map<number, number>();
      for (const r of events.rounds) {
        if (r.sessionId === c.sessionId) roundWinners.set(r.round, unpackRoundOutcome(r.outcome, agentCount).winnerIndex);
      }
      const distributed = new Set(events.distributed.filter((d) => d.sessionId === c.sessionId).map((d) => Number(d.agentIndex)));
      return {
        id: c.sessionId,
        submitter: c.submitter,
        token: c.params.token,
        bounty: c.params.bounty,
        deadline: BigInt(c.params.deadline),
        agentIds: c.params.agentIds,
        splitHashes: c.splitHashes,
        status: done ? "Settled" : refunded.has(c.sessionId) ? "Refunded" : "Open",
        payouts: done?.payouts,
        winnerAgentId: done?.winnerAgentId,
        roundWinners,
        distributed,
      } as const;
    })
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

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

// What the payouts page shows for one address: per settled session, each agent's payout and how
// its royalty split divides it (with the address's own part), and the submitter's refundable
// sessions. Framework-free, from the session event index (lib/session-index.ts).
import type { Address } from "viem";
import { findSplit, royaltyShares, type SplitEvent } from "./royalty-splits.ts";
import type { IndexedSession } from "./session-index.ts";
import { refundEligibility } from "./session-status.ts";
import type { Hex } from "viem";

export type RecipientShare = { readonly recipient: Address; readonly bps: number; readonly amount: bigint; readonly isYou: boolean };

export type AgentPayout = {
  readonly agentIndex: number;
  readonly agentId: bigint;
  readonly payout: bigint;
  readonly distributed: boolean;
  /** Undefined when no SplitUpdated event carries the session's snapshotted split hash. */
  readonly split: { readonly recipients: readonly Address[]; readonly bps: readonly number[] } | undefined;
  readonly shares: readonly RecipientShare[];
};

export type SessionPayouts = {
  readonly sessionId: bigint;
  readonly token: Address;
  readonly agents: readonly AgentPayout[];
  /** The address's part across the session's agents (distributed or not). */
  readonly yours: bigint;
  readonly youSubmitted: boolean;
  /** The block of its SessionSettled. */
  readonly settledAtBlock: bigint | undefined;
};

const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();

/** Settled sessions where `account` is a royalty recipient or the submitter, newest first. */
export function payoutsFor(account: Address, sessions: readonly IndexedSession[], splits: ReadonlyMap<Hex, SplitEvent>): SessionPayouts[] {
  const rows: SessionPayouts[] = [];
  for (const s of sessions) {
    if (s.status !== "Settled" || s.payouts === undefined) continue;
    const agents = s.agentIds.map((agentId, agentIndex): AgentPayout => {
      const payout = s.payouts![agentIndex] ?? 0n;
      const split = findSplit(splits, s.splitHashes[agentIndex]!);
      const amounts = split ? royaltyShares(payout, split.bps) : [];
      return {
        agentIndex, agentId, payout, distributed: s.distributed.has(agentIndex),
        split: split && { recipients: split.recipients, bps: split.bps },
        shares: split ? split.recipients.map((recipient, i) => ({ recipient, bps: split.bps[i]!, amount: amounts[i]!, isYou: same(recipient, account) })) : [],
      };
    });
    const yours = agents.flatMap((a) => a.shares).filter((r) => r.isYou).reduce((sum, r) => sum + r.amount, 0n);
    const youSubmitted = same(s.submitter, account);
    const isRecipient = agents.some((a) => a.shares.some((r) => r.isYou));
    if (isRecipient || youSubmitted) rows.push({ sessionId: s.id, token: s.token, agents, yours, youSubmitted, settledAtBlock: s.endedAtBlock });
  }
  return rows;
}

export type RefundRow = {
  readonly sessionId: bigint; readonly token: Address; readonly bounty: bigint; readonly deadline: bigint;
  /** Refundable now: its failure is claimed, or the chain's time is past its deadline. */
  readonly refundable: boolean;
  /** Why the session failed, when that is what opened the refund. */
  readonly failureReason: string | undefined;
};

/**
 * The account's open sessions with fewer than minRounds rounds recorded (one that has them is
 * settled, never refunded: RefundAfterMinRounds), refundable by the rule of refundEligibility.
 */
export function refundsFor(account: Address, sessions: readonly IndexedSession[], now: bigint | undefined): RefundRow[] {
  return sessions.flatMap((s) => {
    const when = refundEligibility(s, account, now);
    if (when === undefined) return [];
    return [{
      sessionId: s.id, token: s.token, bounty: s.bounty, deadline: s.deadline, refundable: when === "failure" || when === "deadline",
      failureReason: when === "failure" || when === "grace" ? s.failure?.reason ?? "" : undefined,
    }];
  });
}

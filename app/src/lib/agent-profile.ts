// One agent's record for its page: every session it took part in (newest first) with its part in
// each, its win rate over settled sessions, and its earnings per currency (what settled sessions
// paid it, before its royalty split divides them).
import { zeroHash, type Address, type Hex } from "viem";
import type { IndexedSession } from "./session-index.ts";
import { displayStatus, type DisplayStatus } from "./session-status.ts";

export type AgentSessionRow = {
  readonly sessionId: bigint;
  readonly status: DisplayStatus;
  readonly token: Address;
  readonly roundsRecorded: number;
  readonly roundsWon: number;
  /** Whether it won the session (its proposal was the answer); undefined until settled. */
  readonly won: boolean | undefined;
  /** Its payout once settled. */
  readonly payout: bigint | undefined;
  /** The block that created the session. */
  readonly createdAtBlock: bigint;
};

export type AgentProfile = {
  readonly sessions: readonly AgentSessionRow[];
  readonly settled: number;
  readonly won: number;
  /** won / settled; undefined before its first settled session. */
  readonly winRate: number | undefined;
  /** Total payouts per token address (lowercase), only tokens it earned in. */
  readonly earnings: ReadonlyMap<Address, bigint>;
  /** The task families (non-zero) of its sessions, newest first: where it has a weight of its own. */
  readonly families: readonly Hex[];
};

export function agentProfile(agentId: bigint, sessions: Iterable<IndexedSession>): AgentProfile {
  const rows: AgentSessionRow[] = [];
  const earnings = new Map<Address, bigint>();
  const families = new Map<Hex, bigint>();
  let settled = 0, won = 0;
  for (const s of sessions) {
    const index = s.agentIds.indexOf(agentId);
    if (index < 0) continue;
    let roundsWon = 0;
    for (const winner of s.roundWinners.values()) if (winner === index) roundsWon++;
    const isSettled = s.status === "Settled";
    const payout = isSettled ? s.payouts?.[index] : undefined;
    if (isSettled) {
      settled++;
      if (s.winnerAgentId === agentId) won++;
    }
    if (payout !== undefined && payout > 0n) {
      const token = s.token.toLowerCase() as Address;
      earnings.set(token, (earnings.get(token) ?? 0n) + payout);
    }
    if (s.taskFamily !== zeroHash && (families.get(s.taskFamily) ?? -1n) < s.id) families.set(s.taskFamily, s.id);
    rows.push({
      sessionId: s.id, status: displayStatus(s), token: s.token, roundsRecorded: s.roundsRecorded, roundsWon,
      won: isSettled ? s.winnerAgentId === agentId : undefined, payout, createdAtBlock: s.createdAtBlock,
    });
  }
  rows.sort((a, b) => (a.sessionId > b.sessionId ? -1 : a.sessionId < b.sessionId ? 1 : 0));
  const newestFirst = [...families].sort(([, a], [, b]) => (a > b ? -1 : a < b ? 1 : 0)).map(([family]) => family);
  return { sessions: rows, settled, won, winRate: settled === 0 ? undefined : won / settled, earnings, families: newestFirst };
}

// Shapes Sessions contract reads into table rows. Framework-free so it can be tested without React.
import type { Hex } from "viem";
import { formatEth, shortHash } from "./format.ts";
import { sessionStatuses, type SessionStatus } from "../../../sdk/protocol/enums.ts";

export { sessionStatuses, type SessionStatus };

export function sessionStatusLabel(value: number): SessionStatus | "Unknown" {
  return sessionStatuses[value] ?? "Unknown";
}

/** The fields of `Sessions.getSession` the table shows (viem decodes the struct to this object). */
export type OnChainSession = {
  readonly bounty: bigint;
  readonly maxRounds: number;
  readonly roundsRecorded: number;
  readonly status: number;
  readonly winnerAgentId: bigint;
};

/** The fields of a `RoundRecorded` event the table uses. */
export type RecordedRound = { readonly sessionId: bigint; readonly round: number; readonly winnerProposalHash: Hex };

/**
 * Each session's final proposal hash: the winner of its last recorded round, from the
 * RoundRecorded events (the contract keeps it in events only, not in getSession).
 */
export function finalProposalHashes(rounds: readonly RecordedRound[]): Map<bigint, Hex> {
  const last = new Map<bigint, RecordedRound>();
  for (const r of rounds) {
    const seen = last.get(r.sessionId);
    if (seen === undefined || r.round > seen.round) last.set(r.sessionId, r);
  }
  return new Map([...last].map(([id, r]) => [id, r.winnerProposalHash]));
}

/** One entry of a wagmi `useReadContracts` result (allowFailure: true). */
export type ReadResult<T> =
  | { readonly status: "success"; readonly result: T }
  | { readonly status: "failure"; readonly error: Error };

export type SessionRow = {
  readonly id: string;
  readonly status: SessionStatus | "Unknown" | "Loading" | "Unreadable";
  readonly bounty: string;
  readonly agents: string;
  readonly rounds: string;
  readonly winnerAgentId: string;
  /** Shortened for display; `winnerProposalHashFull` carries the whole hash for a title/tooltip. */
  readonly winnerProposalHash: string;
  readonly winnerProposalHashFull: Hex | null;
  /** Why the row could not be read, if it could not. */
  readonly error: string | null;
};

const none = "—";

/**
 * The newest `limit` session ids, newest first. Ids run 1..count, so the page reads a bounded
 * window instead of every session ever created.
 */
export function latestSessionIds(count: bigint, limit: number): bigint[] {
  const ids: bigint[] = [];
  for (let id = count; id >= 1n && ids.length < limit; id--) ids.push(id);
  return ids;
}

export function toSessionRow(
  id: bigint,
  session: ReadResult<OnChainSession> | undefined,
  agentIds: ReadResult<readonly bigint[]> | undefined,
  finalProposalHash?: Hex,
): SessionRow {
  const base = { id: id.toString(), winnerProposalHashFull: null };
  if (session === undefined) {
    return { ...base, status: "Loading", bounty: none, agents: none, rounds: none, winnerAgentId: none, winnerProposalHash: none, error: null };
  }
  if (session.status === "failure") {
    return { ...base, status: "Unreadable", bounty: none, agents: none, rounds: none, winnerAgentId: none, winnerProposalHash: none, error: session.error.message };
  }
  const s = session.result;
  const status = sessionStatusLabel(s.status);
  const settled = status === "Settled";
  const full = settled && finalProposalHash !== undefined ? finalProposalHash : null;
  const hash = full === null ? null : shortHash(full);
  return {
    id: id.toString(),
    status,
    bounty: formatEth(s.bounty),
    agents: formatAgentIds(agentIds),
    rounds: `${s.roundsRecorded} / ${s.maxRounds}`,
    winnerAgentId: settled ? s.winnerAgentId.toString() : none,
    winnerProposalHash: hash ?? none,
    winnerProposalHashFull: full,
    error: agentIds?.status === "failure" ? agentIds.error.message : null,
  };
}

function formatAgentIds(agentIds: ReadResult<readonly bigint[]> | undefined): string {
  if (agentIds === undefined) return "…";
  if (agentIds.status === "failure") return none;
  return agentIds.result.length === 0 ? none : agentIds.result.map((a) => a.toString()).join(", ");
}

/**
 * Rows for `ids`, pairing each id with its reads by index (the order the reads were issued in)
 * and with its final proposal hash (see {@link finalProposalHashes}).
 */
export function toSessionRows(
  ids: readonly bigint[],
  sessions: readonly ReadResult<OnChainSession>[] | undefined,
  agentIds: readonly ReadResult<readonly bigint[]>[] | undefined,
  finalHashes: ReadonlyMap<bigint, Hex> = new Map(),
): SessionRow[] {
  return ids.map((id, i) => toSessionRow(id, sessions?.[i], agentIds?.[i], finalHashes.get(id)));
}

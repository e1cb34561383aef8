// An index of every session built from the Sessions contract's events alone: one eth_getLogs
// call per new block range gives status, bounty, agents, rounds and winner for all sessions, so the
// list can filter and page without one contract read per session. Framework-free (tested alone).
import { zeroAddress, zeroHash, type Address, type Hex } from "viem";
import { unpackRoundOutcome } from "@concord/agent-sdk/protocol";
import { displayStatus, listStatus, type ChainStatus, type ListStatus, type SessionFailure } from "./session-status.ts";

export type IndexedSession = {
  readonly id: bigint;
  readonly submitter: Address;
  readonly orchestrator: Address;
  readonly token: Address;
  readonly bounty: bigint;
  readonly taskHash: Hex;
  readonly taskURI: string;
  /** The task family the agents were weighed in (keccak256 of its name); zero when none. */
  readonly taskFamily: Hex;
  readonly agentIds: readonly bigint[];
  readonly minRounds: number;
  readonly maxRounds: number;
  readonly deadline: bigint;
  readonly status: ChainStatus;
  /** Sessions.failureClaimed: a SessionFailed with no round recorded since. */
  readonly failureClaimed: boolean;
  /** The last SessionFailed, while its claim stands. */
  readonly failure: SessionFailure | undefined;
  readonly roundsRecorded: number;
  /** The last recorded round's winner (agent id and proposal hash): the answer once settled. */
  readonly leader: { readonly agentId: bigint; readonly proposalHash: Hex } | null;
  /** The winning agent index of each recorded round, by round number. */
  readonly roundWinners: ReadonlyMap<number, number>;
  /** Each agent's royalty split hash, snapshotted at creation (agent order). */
  readonly splitHashes: readonly Hex[];
  /** Each agent's payout (agent order) and the session's winner, once settled. */
  readonly payouts: readonly bigint[] | undefined;
  readonly winnerAgentId: bigint | undefined;
  /** Agent indices whose payout was already credited to their royalty recipients. */
  readonly distributed: ReadonlySet<number>;
  readonly createdAtBlock: bigint;
  /** The block of its SessionSettled or SessionRefunded, once it has one. */
  readonly endedAtBlock: bigint | undefined;
  /** The transactions that created it and that settled or refunded it (when the logs carry them). */
  readonly createdTxHash?: Hex;
  readonly endedTxHash?: Hex;
};

export type SessionIndex = {
  readonly sessions: ReadonlyMap<bigint, IndexedSession>;
  /** The last block whose logs are in the index (-1n before the first scan). */
  readonly scannedTo: bigint;
};

export const emptySessionIndex: SessionIndex = { sessions: new Map(), scannedTo: -1n };

/** The decoded logs the index reads (viem's `getContractEvents` with strict decoding), with their transaction when known. */
export type SessionLog = { readonly txHash?: Hex } & SessionEventLog;

type SessionEventLog =
  | {
      readonly eventName: "SessionCreated";
      readonly blockNumber: bigint;
      readonly args: {
        readonly sessionId: bigint;
        readonly submitter: Address;
        readonly orchestrator: Address;
        readonly params: {
          readonly token: Address; readonly bounty: bigint; readonly taskHash: Hex; readonly taskURI: string;
          readonly agentIds: readonly bigint[]; readonly minRounds: number; readonly maxRounds: number; readonly deadline: bigint;
          readonly taskFamily?: Hex;
        };
        readonly splitHashes: readonly Hex[];
      };
    }
  | { readonly eventName: "RoundRecorded"; readonly blockNumber: bigint; readonly args: { readonly sessionId: bigint; readonly round: number; readonly winnerProposalHash: Hex; readonly outcome: bigint } }
  | { readonly eventName: "SessionSettled"; readonly blockNumber: bigint; readonly args: { readonly sessionId: bigint; readonly winnerAgentId: bigint; readonly payouts: readonly bigint[] } }
  | { readonly eventName: "SessionRefunded"; readonly blockNumber: bigint; readonly args: { readonly sessionId: bigint } }
  | { readonly eventName: "SessionFailed"; readonly blockNumber: bigint; readonly args: { readonly sessionId: bigint } & SessionFailure }
  | { readonly eventName: "RoyaltyDistributed"; readonly blockNumber: bigint; readonly args: { readonly sessionId: bigint; readonly agentIndex: bigint } };

/**
 * `index` with `logs` (in chain order) applied, scanned up to `toBlock`. Logs of a session the
 * index has not seen created are ignored (they cannot occur for a scan that starts at deployment).
 */
export function applySessionLogs(index: SessionIndex, logs: readonly SessionLog[], toBlock: bigint): SessionIndex {
  const sessions = new Map(index.sessions);
  for (const log of logs) {
    if (log.eventName === "SessionCreated") {
      const { sessionId, submitter, orchestrator, params } = log.args;
      sessions.set(sessionId, {
        id: sessionId, submitter, orchestrator, token: params.token, bounty: params.bounty, taskHash: params.taskHash,
        taskURI: params.taskURI, taskFamily: params.taskFamily ?? zeroHash, agentIds: [...params.agentIds], minRounds: params.minRounds, maxRounds: params.maxRounds,
        deadline: params.deadline, status: "Open", failureClaimed: false, failure: undefined, roundsRecorded: 0, leader: null, roundWinners: new Map(),
        splitHashes: [...log.args.splitHashes], payouts: undefined, winnerAgentId: undefined, distributed: new Set(),
        createdAtBlock: log.blockNumber, endedAtBlock: undefined, createdTxHash: log.txHash,
      });
      continue;
    }
    const seen = sessions.get(log.args.sessionId);
    if (seen === undefined) continue;
    if (log.eventName === "RoundRecorded") {
      const { winnerIndex } = unpackRoundOutcome(log.args.outcome, seen.agentIds.length);
      const agentId = seen.agentIds[winnerIndex];
      const latest = log.args.round >= seen.roundsRecorded;
      sessions.set(seen.id, {
        ...seen,
        roundsRecorded: Math.max(seen.roundsRecorded, log.args.round),
        leader: agentId === undefined || !latest ? seen.leader : { agentId, proposalHash: log.args.winnerProposalHash },
        roundWinners: new Map(seen.roundWinners).set(log.args.round, winnerIndex),
        // A recorded round rewrites the session's state word, clearing the claim (SessionState).
        failureClaimed: false,
        failure: undefined,
      });
    } else if (log.eventName === "SessionSettled") {
      sessions.set(seen.id, { ...seen, status: "Settled", payouts: [...log.args.payouts], winnerAgentId: log.args.winnerAgentId, endedAtBlock: log.blockNumber, endedTxHash: log.txHash });
    } else if (log.eventName === "SessionRefunded") {
      sessions.set(seen.id, { ...seen, status: "Refunded", endedAtBlock: log.blockNumber, endedTxHash: log.txHash });
    } else if (log.eventName === "SessionFailed") {
      const { reason, declined, refunded, txHash } = log.args;
      sessions.set(seen.id, { ...seen, failureClaimed: true, failure: { reason, declined, refunded, txHash } });
    } else {
      sessions.set(seen.id, { ...seen, distributed: new Set(seen.distributed).add(Number(log.args.agentIndex)) });
    }
  }
  return { sessions, scannedTo: toBlock > index.scannedTo ? toBlock : index.scannedTo };
}

/** What the list can be narrowed to; every field optional (absent = no restriction). */
export type SessionFilter = {
  /** As listed: Failed covers a standing failure claim, refunded or not. */
  readonly status?: ListStatus;
  /** Sessions this address submitted. */
  readonly submitter?: Address;
  /** Sessions this agent takes part in. */
  readonly agentId?: bigint;
  /** Bounty token: ETH (the zero address) or an ERC-20's address. */
  readonly token?: Address;
};

export function filterSessions(index: SessionIndex, filter: SessionFilter): IndexedSession[] {
  const wanted = (s: IndexedSession) =>
    (filter.status === undefined || listStatus(displayStatus(s)) === filter.status) &&
    (filter.submitter === undefined || s.submitter.toLowerCase() === filter.submitter.toLowerCase()) &&
    (filter.agentId === undefined || s.agentIds.includes(filter.agentId)) &&
    (filter.token === undefined || s.token.toLowerCase() === filter.token.toLowerCase());
  // Newest first.
  return [...index.sessions.values()].filter(wanted).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export type Page<T> = {
  readonly items: readonly T[];
  /** 1-based, clamped to the pages that exist. */
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  /** 1-based position of the first and last item shown (0, 0 when empty). */
  readonly from: number;
  readonly to: number;
};

export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const start = (current - 1) * pageSize;
  const shown = items.slice(start, start + pageSize);
  return { items: shown, page: current, pages, total: items.length, from: shown.length ? start + 1 : 0, to: start + shown.length };
}

export const isEth = (token: Address) => token.toLowerCase() === zeroAddress;

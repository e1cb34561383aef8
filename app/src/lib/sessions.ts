// Shapes indexed sessions into table rows. Framework-free so it can be tested without React.
import { formatUnits, type Address, type Hex } from "viem";
import { formatEth, roundDecimal, shortHash } from "./format.ts";
import { isEth, type IndexedSession } from "./session-index.ts";
import { sessionStatuses, type SessionStatus } from "@concord/agent-sdk/protocol";
import { displayStatus, type DisplayStatus } from "./session-status.ts";

/** Sessions.Status as read from the contract (a uint8); a value it does not define is Unknown. */
export function sessionStatusLabel(value: number): SessionStatus | "Unknown" {
  return sessionStatuses[value] ?? "Unknown";
}

export type SessionRow = {
  readonly id: string;
  readonly status: DisplayStatus;
  /** Why the session failed, while its failure claim stands. */
  readonly failureReason: string | undefined;
  /** The task's text when the session carries it (a data: URI), else its URI, else its hash. */
  readonly task: string;
  readonly taskTitle: string;
  /** The task's hash when the chain has no text for it (no taskURI): its text may be published elsewhere. */
  readonly taskHashOnly: Hex | undefined;
  /** Rounded for reading ("0.3333 ETH"); `bountyExact` to the smallest unit, for the hover. */
  readonly bounty: string;
  readonly bountyExact: string;
  readonly agents: string;
  readonly agentIds: readonly bigint[];
  readonly rounds: string;
  /** The last round's winner: the final answer once settled, the current leader while open. */
  readonly winnerAgentId: string;
  readonly winnerId: bigint | null;
  readonly winnerProposalHash: string;
  readonly winnerProposalHashFull: Hex | null;
  /** The block that created it, and the one that settled or refunded it once one did. */
  readonly createdAtBlock: bigint;
  readonly ended: { readonly kind: "settled" | "refunded"; readonly block: bigint } | undefined;
};

/** A listed token's symbol and decimals, for bounty display. */
export type TokenInfo = { readonly address: Address; readonly symbol: string; readonly decimals: number };

const none = "—";
const taskShown = 80;

export function toSessionRow(s: IndexedSession, tokens: readonly TokenInfo[] = []): SessionRow {
  const task = describeTask(s.taskURI, s.taskHash);
  return {
    id: s.id.toString(),
    status: displayStatus(s),
    failureReason: s.failure?.reason,
    task: shortTask(task),
    taskTitle: task,
    taskHashOnly: s.taskURI === "" ? s.taskHash : undefined,
    bounty: roundAmountText(formatBounty(s.token, s.bounty, tokens)),
    bountyExact: formatBounty(s.token, s.bounty, tokens),
    agents: s.agentIds.length === 0 ? none : s.agentIds.map(String).join(", "),
    agentIds: s.agentIds,
    rounds: `${s.roundsRecorded} / ${s.maxRounds}`,
    winnerAgentId: s.leader === null ? none : s.leader.agentId.toString(),
    winnerId: s.leader?.agentId ?? null,
    winnerProposalHash: s.leader === null ? none : (shortHash(s.leader.proposalHash) ?? none),
    winnerProposalHashFull: s.leader?.proposalHash ?? null,
    createdAtBlock: s.createdAtBlock,
    ended: s.endedAtBlock === undefined || s.status === "Open" ? undefined : { kind: s.status === "Settled" ? "settled" : "refunded", block: s.endedAtBlock },
  };
}

export function formatBounty(token: Address, amount: bigint, tokens: readonly TokenInfo[] = []): string {
  if (isEth(token)) return formatEth(amount);
  const known = tokens.find((t) => t.address.toLowerCase() === token.toLowerCase());
  return known ? `${formatUnits(amount, known.decimals)} ${known.symbol}` : `${amount} units of ${token.slice(0, 8)}…`;
}

/** "1.23456 ETH" → "1.2346 ETH": the number of an amount text rounded, anything else unchanged. */
export function roundAmountText(text: string): string {
  const match = /^(-?\d+(?:\.\d+)?) (\S+)$/.exec(text);
  return match === null ? text : `${roundDecimal(match[1]!)} ${match[2]}`;
}

const dataPrefix = "data:text/plain";

/** The task as a reader should see it: inline text (data: URI), else the URI, else the hash. */
/** A task's text shortened for a list cell (the whole of it goes in the title). */
export function shortTask(task: string): string {
  return task.length > taskShown ? `${task.slice(0, taskShown - 1)}…` : task;
}

export function describeTask(taskURI: string, taskHash: Hex): string {
  if (taskURI.startsWith(dataPrefix)) {
    const comma = taskURI.indexOf(",");
    const body = comma < 0 ? "" : taskURI.slice(comma + 1);
    try {
      return taskURI.slice(0, comma).endsWith(";base64")
        ? new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)))
        : decodeURIComponent(body);
    } catch {
      return taskURI;
    }
  }
  if (taskURI !== "") return taskURI;
  return `task ${shortHash(taskHash) ?? taskHash}`;
}

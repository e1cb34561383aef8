// The agents page's rows: each registered agent (registry reads), its current royalty split (the
// SplitUpdated event with its split hash), and its record across sessions (session events).
import type { Address, Hex } from "viem";
import { findSplit, type SplitEvent } from "./royalty-splits.ts";
import type { IndexedSession } from "./session-index.ts";

/** The fields of AgentRegistry.getAgent the page shows (viem decodes the struct to this object). */
export type AgentRecord = {
  readonly operator: Address;
  readonly signer: Address;
  readonly retired: boolean;
  readonly splitHash: Hex;
  readonly modelId: string;
  readonly metadataURI: string;
};

export type AgentRow = {
  readonly agentId: bigint;
  readonly operator: Address;
  readonly signer: Address;
  readonly retired: boolean;
  readonly modelId: string;
  readonly metadataURI: string;
  readonly split: readonly { readonly recipient: Address; readonly bps: number }[] | undefined;
  readonly sessionsJoined: number;
  readonly sessionsSettled: number;
  readonly sessionsWon: number;
  readonly roundsPlayed: number;
  readonly roundsWon: number;
  /** sessionsWon / sessionsSettled; undefined before the agent's first settled session. */
  readonly winRate: number | undefined;
};

export function agentRows(
  agents: readonly { readonly agentId: bigint; readonly record: AgentRecord }[],
  splits: ReadonlyMap<Hex, SplitEvent>,
  sessions: readonly IndexedSession[],
): AgentRow[] {
  return agents.map(({ agentId, record }) => {
    let sessionsJoined = 0, sessionsSettled = 0, sessionsWon = 0, roundsPlayed = 0, roundsWon = 0;
    for (const s of sessions) {
      const index = s.agentIds.indexOf(agentId);
      if (index < 0) continue;
      sessionsJoined++;
      roundsPlayed += s.roundWinners.size;
      for (const winner of s.roundWinners.values()) if (winner === index) roundsWon++;
      if (s.status === "Settled") {
        sessionsSettled++;
        if (s.winnerAgentId === agentId) sessionsWon++;
      }
    }
    const split = findSplit(splits, record.splitHash);
    return {
      agentId,
      operator: record.operator,
      signer: record.signer,
      retired: record.retired,
      modelId: record.modelId,
      metadataURI: record.metadataURI,
      split: split?.recipients.map((recipient, i) => ({ recipient, bps: split.bps[i]! })),
      sessionsJoined, sessionsSettled, sessionsWon, roundsPlayed, roundsWon,
      winRate: sessionsSettled === 0 ? undefined : sessionsWon / sessionsSettled,
    };
  });
}

/** "12.5 %" or "—"; bps as "25 %" (basis points are hundredths of a percent). */
export function formatRate(rate: number | undefined): string {
  return rate === undefined ? "—" : `${(rate * 100).toFixed(rate === 0 || rate === 1 ? 0 : 1)} %`;
}

export function formatBps(bps: number): string {
  return `${bps / 100} %`;
}

/** The largest evaluation weight (Reliability.weight's cap). */
export const MAX_WEIGHT = 15;

/**
 * An agent's reliability as Sessions.history(agentId) gives it: the weight its votes count in
 * sessions created now, and the record it comes from (docs/economics.md, "Weights").
 */
export function reliabilityText(history: readonly [sessions: bigint, endorsed: bigint, weight: bigint]): { readonly weight: string; readonly detail: string } {
  const [sessions, endorsed, weight] = history;
  const detail = sessions === 0n
    ? "no settled session yet: a new agent's votes count once"
    : `its peers endorsed its first answer in ${endorsed} of ${sessions} settled session${sessions === 1n ? "" : "s"}`;
  return { weight: `weight ${weight} of ${MAX_WEIGHT}`, detail };
}

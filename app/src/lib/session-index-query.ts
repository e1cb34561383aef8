// The query that keeps the session index: its key, its scan, and its seed from the logs the dApp
// server inlined into the page. The boot code seeds (or starts) it before React renders, so the
// first paint shows sessions without waiting for its own eth_getLogs.
import type { QueryClient } from "@tanstack/react-query";
import { formatLog, hexToBigInt, isAddressEqual, type Client, type RpcLog } from "viem";
// One action (getContractEvents, inside getSessionsLogs), not the whole public client: keeps
// viem's other actions out of the first render.
import {
  type Deployment, getSessionsLogs, parseSessionsLogs, type SessionLogSnapshot, type SessionsEvent,
} from "@concord/agent-sdk/protocol";
import { applySessionLogs, emptySessionIndex, type SessionIndex, type SessionLog } from "./session-index.ts";

export const sessionIndexKey = (sessions: string) => ["concord", "sessionIndex", sessions] as const;

/**
 * Extends the cached index with the logs after its last scanned block (all logs the first time),
 * in one eth_getLogs call up to "latest". A block's logs come all together, so the index is
 * complete up to the newest block that had any; the next scan starts after that block.
 */
export async function scanSessionIndex(client: Client, deployment: Deployment, queryClient: QueryClient): Promise<SessionIndex> {
  const address = deployment.contracts.Sessions;
  const previous = queryClient.getQueryData<SessionIndex>(sessionIndexKey(address)) ?? emptySessionIndex;
  const fromBlock = previous.scannedTo < 0n ? BigInt(deployment.deployedAtBlock) : previous.scannedTo + 1n;
  const logs = await getSessionsLogs(client, { address, fromBlock, toBlock: "latest" });
  if (logs.length === 0) return previous;
  return applySessionLogs(previous, indexedLogs(logs), logs.at(-1)!.blockNumber);
}

/**
 * The index the inlined logs describe (complete up to their toBlock), decoded as a scan decodes
 * them; undefined when they are of another contract than the deployment's.
 */
export function sessionIndexFromSnapshot(snapshot: SessionLogSnapshot, deployment: Deployment): SessionIndex | undefined {
  if (!isAddressEqual(snapshot.address as `0x${string}`, deployment.contracts.Sessions)) return undefined;
  const logs = parseSessionsLogs({ logs: snapshot.logs.map((l) => formatLog(l as RpcLog)) });
  return applySessionLogs(emptySessionIndex, indexedLogs(logs), hexToBigInt(snapshot.toBlock as `0x${string}`));
}

/** The events the index reads, in the shape it reads them. */
function indexedLogs(logs: readonly SessionsEvent[]): SessionLog[] {
  return logs.map(({ blockNumber, txHash, ...l }): SessionLog => {
    if (l.eventName === "SessionFailed") return { eventName: l.eventName, blockNumber, args: { ...l, txHash } };
    if (l.eventName === "SessionCreated") return { eventName: l.eventName, blockNumber, txHash, args: l };
    if (l.eventName === "RoundRecorded") return { eventName: l.eventName, blockNumber, args: l };
    if (l.eventName === "SessionSettled") return { eventName: l.eventName, blockNumber, txHash, args: l };
    if (l.eventName === "SessionRefunded") return { eventName: l.eventName, blockNumber, txHash, args: l };
    return { eventName: l.eventName, blockNumber, args: l };
  });
}

// The query that keeps the session index: its key and its scan, shared by the hook and by the
// boot code that starts the first scan before React renders (the first paint waits on it).
import type { QueryClient } from "@tanstack/react-query";
import type { PublicClient } from "viem";
import { sessionsAbi } from "../../../sdk/protocol/abis.generated.ts";
import type { Deployment } from "../../../sdk/protocol/deployment.ts";
import { applySessionLogs, emptySessionIndex, type SessionIndex, type SessionLog } from "./session-index.ts";

export const sessionIndexKey = (sessions: string) => ["concord", "sessionIndex", sessions] as const;

/**
 * Extends the cached index with the logs after its last scanned block (all logs the first time),
 * in one eth_getLogs call up to "latest". A block's logs come all together, so the index is
 * complete up to the newest block that had any; the next scan starts after that block.
 */
export async function scanSessionIndex(client: PublicClient, deployment: Deployment, queryClient: QueryClient): Promise<SessionIndex> {
  const address = deployment.contracts.Sessions;
  const previous = queryClient.getQueryData<SessionIndex>(sessionIndexKey(address)) ?? emptySessionIndex;
  const fromBlock = previous.scannedTo < 0n ? BigInt(deployment.deployedAtBlock) : previous.scannedTo + 1n;
  const logs = await client.getContractEvents({ address, abi: sessionsAbi, fromBlock, toBlock: "latest", strict: true });
  if (logs.length === 0) return previous;
  const wanted: SessionLog[] = [];
  for (const l of logs) {
    const at = l.blockNumber;
    if (l.eventName === "SessionCreated") wanted.push({ eventName: l.eventName, blockNumber: at, args: l.args });
    else if (l.eventName === "RoundRecorded") wanted.push({ eventName: l.eventName, blockNumber: at, args: l.args });
    else if (l.eventName === "SessionSettled") wanted.push({ eventName: l.eventName, blockNumber: at, args: l.args });
    else if (l.eventName === "SessionRefunded") wanted.push({ eventName: l.eventName, blockNumber: at, args: l.args });
    else if (l.eventName === "RoyaltyDistributed") wanted.push({ eventName: l.eventName, blockNumber: at, args: l.args });
  }
  return applySessionLogs(previous, wanted, logs.at(-1)!.blockNumber);
}

// Reads the newest sessions from the Sessions contract and shapes them into table rows.
import { useReadContract, useReadContracts } from "wagmi";
import { sessionsAbi } from "../../../sdk/protocol/abis.generated.ts";
import { latestSessionIds, toSessionRows, type SessionRow } from "../lib/sessions.ts";
import { useDeployment } from "./useDeployment.ts";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";

/** How many sessions the table shows (newest first). */
export const sessionsShown = 50;

export type UseSessionsResult = {
  readonly rows: SessionRow[];
  readonly total: bigint | undefined;
  readonly isLoading: boolean;
  readonly error: Error | null;
};

export function useSessions(): UseSessionsResult {
  const address = useDeployment().contracts.Sessions;
  const count = useReadContract({ address, abi: sessionsAbi, functionName: "sessionCount" });
  const ids = latestSessionIds(count.data ?? 0n, sessionsShown);
  const sessions = useReadContracts({
    contracts: ids.map((id) => ({ address, abi: sessionsAbi, functionName: "getSession", args: [id] }) as const),
  });
  const agentIds = useReadContracts({
    contracts: ids.map((id) => ({ address, abi: sessionsAbi, functionName: "getAgentIds", args: [id] }) as const),
  });
  useRefetchOnBlock(() => Promise.all([count.refetch(), sessions.refetch(), agentIds.refetch()]));
  return {
    rows: toSessionRows(ids, sessions.data, agentIds.data),
    total: count.data,
    isLoading: count.isLoading,
    error: count.error ?? sessions.error ?? agentIds.error ?? null,
  };
}

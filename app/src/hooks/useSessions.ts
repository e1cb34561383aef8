// Reads the newest sessions from the Sessions contract and shapes them into table rows.
import { useQuery } from "@tanstack/react-query";
import { usePublicClient, useReadContract, useReadContracts } from "wagmi";
import { sessionsAbi } from "../../../sdk/protocol/abis.generated.ts";
import { finalProposalHashes, latestSessionIds, toSessionRows, type SessionRow } from "../lib/sessions.ts";
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
  const finalHashes = useFinalProposalHashes(ids);
  useRefetchOnBlock(() => Promise.all([count.refetch(), sessions.refetch(), agentIds.refetch(), finalHashes.refetch()]));
  return {
    rows: toSessionRows(ids, sessions.data, agentIds.data, finalHashes.data),
    total: count.data,
    isLoading: count.isLoading,
    error: count.error ?? sessions.error ?? agentIds.error ?? finalHashes.error ?? null,
  };
}

/** The winning proposal hash of each listed session's last round, from its RoundRecorded events. */
function useFinalProposalHashes(ids: readonly bigint[]) {
  const deployment = useDeployment();
  const client = usePublicClient();
  return useQuery({
    queryKey: ["concord", "finalProposalHashes", deployment.contracts.Sessions, ids.map(String)],
    enabled: client !== undefined && ids.length > 0,
    queryFn: async () => {
      const logs = await client!.getContractEvents({
        address: deployment.contracts.Sessions, abi: sessionsAbi, eventName: "RoundRecorded",
        args: { sessionId: [...ids] }, fromBlock: BigInt(deployment.deployedAtBlock), strict: true,
      });
      return finalProposalHashes(logs.map((l) => ({ sessionId: l.args.sessionId, round: l.args.round, winnerProposalHash: l.args.winnerProposalHash })));
    },
  });
}

// The sessions (the shared event index, see useSessionIndex) with the registry's royalty splits,
// for the payouts and agents pages. Splits are read again only when a session names a split hash
// not read yet (a split is snapshotted when a session is created), not on every block.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { useClient } from "wagmi";
import { getSplitUpdatedLogs } from "@concord/agent-sdk/protocol";
import { filterSessions, type IndexedSession } from "../lib/session-index.ts";
import { findSplit, splitsByHash, type SplitEvent } from "../lib/royalty-splits.ts";
import type { Hex } from "viem";
import { useDeployment } from "./useDeployment.ts";
import { useSessionIndex } from "./useSessionIndex.ts";

export type ChainIndex = { readonly sessions: IndexedSession[]; readonly splits: Map<Hex, SplitEvent> };

export function useChainIndex() {
  const deployment = useDeployment();
  const client = useClient();
  const index = useSessionIndex();
  const splitEvents = useQuery({
    queryKey: ["concord", "royaltySplits", deployment.contracts.AgentRegistry],
    enabled: client !== undefined,
    queryFn: async () => {
      const logs = await getSplitUpdatedLogs(client!, {
        address: deployment.contracts.AgentRegistry, fromBlock: BigInt(deployment.deployedAtBlock),
      });
      return logs.map(({ agentId, splitHash, recipients, bps }) => ({ agentId, splitHash, recipients, bps }));
    },
  });
  const splits = useMemo(() => splitsByHash(splitEvents.data ?? []), [splitEvents.data]);
  const sessions = useMemo(() => (index.data ? filterSessions(index.data, {}) : undefined), [index.data]);
  const unknownSplit = splitEvents.data !== undefined && sessions?.some((s) => s.splitHashes.some((h) => findSplit(splits, h) === undefined));
  // At most once per index update, so a lagging node cannot spin it.
  useEffect(() => {
    if (unknownSplit) void splitEvents.refetch();
  }, [unknownSplit, index.data?.scannedTo]);
  const data: ChainIndex | undefined = sessions && splitEvents.data && { sessions, splits };
  return { data, error: index.error ?? splitEvents.error, isPending: index.isPending || splitEvents.isPending };
}

// The session and royalty-split events since the deployment, read in one batch and refreshed on
// every new block; shaped by lib/chainIndex.ts for the payouts and agents pages.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { usePublicClient } from "wagmi";
import { agentRegistryAbi, sessionsAbi } from "../../../sdk/protocol/abis.generated.ts";
import { indexSessions, splitsByHash, type IndexedSession, type SplitEvent } from "../lib/chainIndex.ts";
import type { Hex } from "viem";
import { useDeployment } from "./useDeployment.ts";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";

export type ChainIndex = { readonly sessions: IndexedSession[]; readonly splits: Map<Hex, SplitEvent> };

export function useChainIndex() {
  const deployment = useDeployment();
  const client = usePublicClient();
  const query = useQuery({
    queryKey: ["concord", "chainIndex", deployment.contracts.Sessions],
    enabled: client !== undefined,
    queryFn: async () => {
      const sessions = { address: deployment.contracts.Sessions, abi: sessionsAbi, fromBlock: BigInt(deployment.deployedAtBlock), strict: true } as const;
      const [created, settled, refunded, rounds, distributed, splits] = await Promise.all([
        client!.getContractEvents({ ...sessions, eventName: "SessionCreated" }),
        client!.getContractEvents({ ...sessions, eventName: "SessionSettled" }),
        client!.getContractEvents({ ...sessions, eventName: "SessionRefunded" }),
        client!.getContractEvents({ ...sessions, eventName: "RoundRecorded" }),
        client!.getContractEvents({ ...sessions, eventName: "RoyaltyDistributed" }),
        client!.getContractEvents({
          address: deployment.contracts.AgentRegistry, abi: agentRegistryAbi, eventName: "SplitUpdated",
          fromBlock: BigInt(deployment.deployedAtBlock), strict: true,
        }),
      ]);
      return {
        sessions: indexSessions({
          created: created.map((e) => e.args),
          settled: settled.map((e) => e.args),
          refunded: refunded.map((e) => e.args),
          rounds: rounds.map((e) => e.args),
          distributed: distributed.map((e) => e.args),
        }),
        splits: splits.map((e) => e.args),
      };
    },
  });
  useRefetchOnBlock(query.refetch);
  const splits = useMemo(() => splitsByHash(query.data?.splits ?? []), [query.data]);
  const data: ChainIndex | undefined = query.data && { sessions: query.data.sessions, splits };
  return { data, error: query.error, isPending: query.isPending };
}

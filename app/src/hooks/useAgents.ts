// Every registered agent (AgentRegistry.getAgent for ids 1..agentCount) with its reliability
// (Sessions.history), refreshed on new blocks.
import { useReadContract, useReadContracts } from "wagmi";
import { agentRegistryAbi, sessionsAbi } from "@concord/agent-sdk/abis";
import type { AgentRecord } from "../lib/agents.ts";
import { useDeployment } from "./useDeployment.ts";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";

export function useAgents() {
  const { AgentRegistry: address, Sessions } = useDeployment().contracts;
  const count = useReadContract({ address, abi: agentRegistryAbi, functionName: "agentCount" });
  useRefetchOnBlock(count.refetch);
  const ids = Array.from({ length: Number(count.data ?? 0n) }, (_, i) => BigInt(i + 1));
  const reads = useReadContracts({
    contracts: ids.map((id) => ({ address, abi: agentRegistryAbi, functionName: "getAgent", args: [id] }) as const),
    query: { enabled: ids.length > 0 },
  });
  useRefetchOnBlock(reads.refetch);
  const histories = useReadContracts({
    contracts: ids.map((id) => ({ address: Sessions, abi: sessionsAbi, functionName: "history", args: [id] }) as const),
    query: { enabled: ids.length > 0 },
  });
  useRefetchOnBlock(histories.refetch);
  /** Sessions.history(agentId) ([sessions, endorsed, weight]) by agent id, as read so far. */
  const history = new Map<bigint, readonly [bigint, bigint, bigint]>();
  for (const [i, read] of (histories.data ?? []).entries()) {
    if (read.status === "success") history.set(ids[i]!, read.result);
  }
  const agents: { agentId: bigint; record: AgentRecord }[] = [];
  for (const [i, read] of (reads.data ?? []).entries()) {
    if (read.status === "success") agents.push({ agentId: ids[i]!, record: read.result as AgentRecord });
  }
  return {
    agents,
    history,
    isPending: count.isPending || (ids.length > 0 && reads.isPending),
    error: count.error ?? reads.error,
  };
}

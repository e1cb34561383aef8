// Every registered agent (AgentRegistry.getAgent for ids 1..agentCount), refreshed on new blocks.
import { useReadContract, useReadContracts } from "wagmi";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import type { AgentRecord } from "../lib/agents.ts";
import { useDeployment } from "./useDeployment.ts";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";

export function useAgents() {
  const address = useDeployment().contracts.AgentRegistry;
  const count = useReadContract({ address, abi: agentRegistryAbi, functionName: "agentCount" });
  useRefetchOnBlock(count.refetch);
  const ids = Array.from({ length: Number(count.data ?? 0n) }, (_, i) => BigInt(i + 1));
  const reads = useReadContracts({
    contracts: ids.map((id) => ({ address, abi: agentRegistryAbi, functionName: "getAgent", args: [id] }) as const),
    query: { enabled: ids.length > 0 },
  });
  useRefetchOnBlock(reads.refetch);
  const agents: { agentId: bigint; record: AgentRecord }[] = [];
  for (const [i, read] of (reads.data ?? []).entries()) {
    if (read.status === "success") agents.push({ agentId: ids[i]!, record: read.result as AgentRecord });
  }
  return {
    agents,
    isPending: count.isPending || (ids.length > 0 && reads.isPending),
    error: count.error ?? reads.error,
  };
}

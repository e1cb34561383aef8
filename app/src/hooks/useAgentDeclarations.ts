// What the listed agents declare (lib/agent-declarations.ts), read once per set of ids and again
// every 30 s: an agent stopped or started meanwhile shows as such.
import { useQuery } from "@tanstack/react-query";
import { fetchAgentDeclarations } from "../lib/agent-declarations.ts";

export function useAgentDeclarations(agentIds: readonly bigint[]) {
  return useQuery({
    queryKey: ["agent-declarations", agentIds.map(String)],
    queryFn: ({ signal }) => fetchAgentDeclarations(fetch, agentIds, signal),
    enabled: agentIds.length > 0,
    refetchInterval: 30_000,
    retry: false,
  });
}

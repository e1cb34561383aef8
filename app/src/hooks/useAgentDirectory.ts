// Every registered agent's name and picture (lib/agent-directory.ts, loaded on demand), read
// again every 30 s so an agent registered or started meanwhile shows by name. Empty until read:
// agents go by "Agent #id" meanwhile.
import { useQuery } from "@tanstack/react-query";
import { useClient } from "wagmi";
import type { AgentDirectory } from "../lib/agent-identity.ts";
import { useDeployment } from "./useDeployment.ts";

const empty: AgentDirectory = new Map();

export function useAgentDirectory(): AgentDirectory {
  const registry = useDeployment().contracts.AgentRegistry;
  const client = useClient();
  const directory = useQuery({
    queryKey: ["concord", "agentDirectory", registry],
    enabled: client !== undefined,
    queryFn: async ({ signal }) => {
      const { loadAgentDirectory } = await import("../lib/agent-directory.ts");
      return loadAgentDirectory(client!, registry, fetch, signal);
    },
    staleTime: 10_000,
    refetchInterval: 30_000,
  });
  return directory.data ?? empty;
}

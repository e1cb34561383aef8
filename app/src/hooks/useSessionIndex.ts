// Every session, indexed from the Sessions contract's events and kept current block by block:
// each refetch asks only for the logs since the last scanned block.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useClient } from "wagmi";
import { scanSessionIndex, sessionIndexKey } from "../lib/session-index-query.ts";
import { useDeployment } from "./useDeployment.ts";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";

export function useSessionIndex() {
  const deployment = useDeployment();
  const client = useClient();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: sessionIndexKey(deployment.contracts.Sessions),
    enabled: client !== undefined,
    // Each scan extends the previous index; new blocks trigger the refetch below.
    staleTime: Infinity,
    queryFn: () => scanSessionIndex(client!, deployment, queryClient),
  });
  useRefetchOnBlock(() => query.refetch());
  return query;
}

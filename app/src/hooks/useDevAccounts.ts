// The devnet's unlocked accounts, for the "Use dev account" connector.
import { useQuery } from "@tanstack/react-query";
import { rpcProxyUrl } from "../lib/chain.ts";
import { fetchDevAccounts } from "../lib/devAccounts.ts";

export function useDevAccounts() {
  const rpcUrl = rpcProxyUrl(location.origin);
  return useQuery({
    queryKey: ["concord", "devAccounts", rpcUrl],
    queryFn: () => fetchDevAccounts(fetch, rpcUrl),
    staleTime: Infinity,
  });
}

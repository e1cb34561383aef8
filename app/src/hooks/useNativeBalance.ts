// An address's ETH balance for the header, read every few seconds. Through viem's getBalance
// rather than wagmi's useBalance, whose token path pulls the contract-call code into the first render.
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { getBalance } from "viem/actions";
import { useClient } from "wagmi";

export function useNativeBalance(address: Address | undefined): bigint | undefined {
  const client = useClient();
  const balance = useQuery({
    queryKey: ["concord", "balance", client?.chain.id, address],
    enabled: client !== undefined && address !== undefined,
    queryFn: () => getBalance(client!, { address: address! }),
    refetchInterval: 4_000,
  });
  return balance.data;
}

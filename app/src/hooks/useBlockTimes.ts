// The times of the given blocks (lib/block-times.ts), as they arrive: a block not read yet is
// absent from the map, so its time shows once its read answers.
import { useQueries } from "@tanstack/react-query";
import { useClient } from "wagmi";
import { blockTimeKey, distinctBlocks, readBlockTimeMs } from "../lib/block-times.ts";

export type BlockTimes = ReadonlyMap<bigint, number>;

export function useBlockTimes(blocks: Iterable<bigint | undefined>): BlockTimes {
  const client = useClient();
  const wanted = distinctBlocks(blocks);
  return useQueries({
    queries: wanted.map((block) => ({
      queryKey: blockTimeKey(client?.chain.id ?? 0, block),
      enabled: client !== undefined,
      queryFn: () => readBlockTimeMs(client!, block),
      // A mined block's timestamp is final.
      staleTime: Infinity,
      gcTime: 60 * 60_000,
    })),
    combine: (results) => {
      const times = new Map<bigint, number>();
      results.forEach((r, i) => {
        if (r.data !== undefined) times.set(wanted[i]!, r.data);
      });
      return times;
    },
  });
}

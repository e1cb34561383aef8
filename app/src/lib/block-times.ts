// When blocks were mined, for the relative times beside what the event index knows by block
// number (a session's creation, settlement or refund). A block's timestamp never changes, so each
// is read once (eth_getBlockByNumber) and kept; only the blocks on screen are read.
import type { Client } from "viem";
import { getBlock } from "viem/actions";

/** The cache key of one block's time on one chain. */
export const blockTimeKey = (chainId: number, block: bigint) => ["concord", "blockTime", chainId, block.toString()] as const;

/** The block's timestamp in milliseconds since the epoch. */
export async function readBlockTimeMs(client: Client, block: bigint): Promise<number> {
  const { timestamp } = await getBlock(client, { blockNumber: block, includeTransactions: false });
  return Number(timestamp) * 1000;
}

/** The distinct block numbers among `blocks` (undefined left out), in their first order. */
export function distinctBlocks(blocks: Iterable<bigint | undefined>): bigint[] {
  const seen = new Set<bigint>();
  for (const block of blocks) if (block !== undefined) seen.add(block);
  return [...seen];
}

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createClient, custom, numberToHex } from "viem";
import { blockTimeKey, distinctBlocks, readBlockTimeMs } from "@concord/app/lib/block-times.ts";

/** A client whose node answers eth_getBlockByNumber with a block mined at `timestamp`, and counts the calls. */
function nodeWithBlocks(timestamps: Record<string, number>) {
  const asked: string[] = [];
  const client = createClient({
    transport: custom({
      async request({ method, params }: { method: string; params: unknown[] }) {
        if (method !== "eth_getBlockByNumber") throw new Error(`unexpected ${method}`);
        const number = params[0] as string;
        asked.push(number);
        const timestamp = timestamps[number];
        if (timestamp === undefined) return null;
        return {
          number, hash: `0x${"ab".repeat(32)}`, parentHash: `0x${"00".repeat(32)}`, timestamp: numberToHex(timestamp),
          transactions: [], logsBloom: `0x${"00".repeat(256)}`, gasLimit: "0x1", gasUsed: "0x0", baseFeePerGas: "0x1",
          difficulty: "0x0", extraData: "0x", miner: `0x${"00".repeat(20)}`, nonce: "0x0000000000000000", size: "0x1",
          stateRoot: `0x${"00".repeat(32)}`, receiptsRoot: `0x${"00".repeat(32)}`, transactionsRoot: `0x${"00".repeat(32)}`,
          sha3Uncles: `0x${"00".repeat(32)}`, uncles: [], mixHash: `0x${"00".repeat(32)}`, totalDifficulty: "0x0",
        };
      },
    }),
  });
  return { client, asked };
}

describe("app/lib/block-times", () => {
  it("reads a block's timestamp as milliseconds, asking the node for that block by number", async () => {
    const { client, asked } = nodeWithBlocks({ "0x2a": 1_765_000_000 });
    assert.equal(await readBlockTimeMs(client, 42n), 1_765_000_000_000);
    assert.deepEqual(asked, ["0x2a"]);
  });

  it("fails for a block the node does not have, rather than inventing a time", async () => {
    const { client } = nodeWithBlocks({});
    await assert.rejects(readBlockTimeMs(client, 7n));
  });

  it("reads each block once however many rows share it, and keys it by chain", () => {
    assert.deepEqual(distinctBlocks([5n, undefined, 6n, 5n, 9n, undefined, 6n]), [5n, 6n, 9n]);
    assert.notDeepEqual(blockTimeKey(1, 5n), blockTimeKey(31337, 5n));
    assert.deepEqual(blockTimeKey(31337, 5n), blockTimeKey(31337, 5n));
  });
});

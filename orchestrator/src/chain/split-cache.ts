// Royalty splits by (agent, split hash), kept in this process: a split hash names one split for
// good, so each is read once. Missing ones are read from the registry's SplitUpdated events from
// where the last read stopped (its newest event's block), not from the deployment block each time.
import type { Address, Hex, PublicClient } from "viem";
import { getSplitUpdatedLogs, type SplitUpdatedEvent } from "@concord/agent-sdk/protocol";

interface Reader {
  splits: Map<string, SplitUpdatedEvent>;
  /** Every event up to this block has been read (the block itself may hold more). */
  from: bigint;
}

const readers = new WeakMap<PublicClient, Map<Address, Reader>>();
const keyOf = (agentId: bigint, splitHash: Hex) => `${agentId}:${splitHash.toLowerCase()}`;

export async function splitsFor(
  publicClient: PublicClient, registry: Address, deployedAtBlock: bigint, wanted: readonly { agentId: bigint; splitHash: Hex }[],
): Promise<SplitUpdatedEvent[]> {
  const byRegistry = readers.get(publicClient) ?? new Map<Address, Reader>();
  readers.set(publicClient, byRegistry);
  const reader = byRegistry.get(registry) ?? { splits: new Map(), from: deployedAtBlock };
  byRegistry.set(registry, reader);
  if (wanted.some((w) => !reader.splits.has(keyOf(w.agentId, w.splitHash)))) {
    const events = await getSplitUpdatedLogs(publicClient, { address: registry, fromBlock: reader.from });
    for (const e of events) {
      reader.splits.set(keyOf(e.agentId, e.splitHash), e);
      if (e.blockNumber > reader.from) reader.from = e.blockNumber;
    }
  }
  return wanted.map((w) => {
    const split = reader.splits.get(keyOf(w.agentId, w.splitHash));
    if (!split) throw new Error(`no SplitUpdated event for agent ${w.agentId} with split ${w.splitHash}`);
    return split;
  });
}

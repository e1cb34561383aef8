// The one decoder of Sessions' RoyaltyDistributed event (read with the others by getSessionsLogs).
import type { Hex } from "viem";
import type { DecodedLog } from "./decoded-log.ts";

/** Agent `agentIndex`'s `amount` in session `sessionId` was credited to its split's recipients. */
export type RoyaltyDistributedEvent = {
  sessionId: bigint;
  agentIndex: bigint;
  splitHash: Hex;
  amount: bigint;
  blockNumber: bigint;
  txHash: Hex;
};

/** One strictly decoded RoyaltyDistributed log (viem's) in the shape above. */
export function royaltyDistributedEvent(log: DecodedLog<Omit<RoyaltyDistributedEvent, "blockNumber" | "txHash">>): RoyaltyDistributedEvent {
  const { sessionId, agentIndex, splitHash, amount } = log.args;
  return { sessionId, agentIndex, splitHash, amount, blockNumber: log.blockNumber, txHash: log.transactionHash };
}

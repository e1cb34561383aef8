// The one decoder of Sessions' SessionRefunded event (read with the others by getSessionsLogs).
import type { Address, Hex } from "viem";
import type { DecodedLog } from "./decoded-log.ts";

/** Session `sessionId` passed its deadline unsettled; `amount` went back to the submitter. */
export type SessionRefundedEvent = {
  sessionId: bigint;
  submitter: Address;
  token: Address;
  amount: bigint;
  blockNumber: bigint;
  txHash: Hex;
};

/** One strictly decoded SessionRefunded log (viem's) in the shape above. */
export function sessionRefundedEvent(log: DecodedLog<Omit<SessionRefundedEvent, "blockNumber" | "txHash">>): SessionRefundedEvent {
  const { sessionId, submitter, token, amount } = log.args;
  return { sessionId, submitter, token, amount, blockNumber: log.blockNumber, txHash: log.transactionHash };
}

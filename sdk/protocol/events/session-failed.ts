// The one decoder of Sessions' SessionFailed event: the orchestrator declared a session failed,
// with the agents' declines; `refunded` says whether the bounty went back in the same call.
import { parseEventLogs, type Address, type BlockNumber, type Client, type Hex, type Log, type RpcLog } from "viem";
import { getContractEvents } from "viem/actions";
import { sessionsAbi } from "../../abis/index.ts";
import type { DecodedLog } from "./decoded-log.ts";
import { sessionEventLogs, sessionsEventAbi } from "./session-topics.ts";

export type SessionFailedEvent = {
  sessionId: bigint;
  reason: string;
  /** Bit i set when agent i's signed decline came with the declaration. */
  declined: bigint;
  /** True: refunded at once (evidence). False: failure claimed; the submitter may refund after its grace (Sessions.refundAfter). */
  refunded: boolean;
  blockNumber: bigint;
  txHash: Hex;
};

/** One strictly decoded SessionFailed log (viem's) in the shape above. */
export function sessionFailedEvent(log: DecodedLog<Omit<SessionFailedEvent, "blockNumber" | "txHash">>): SessionFailedEvent {
  const { sessionId, reason, declined, refunded } = log.args;
  return { sessionId, reason, declined, refunded, blockNumber: log.blockNumber, txHash: log.transactionHash };
}

export type ParseSessionFailedLogsParameters = { logs: readonly (Log | RpcLog)[]; sessionId?: bigint };

/** The SessionFailed events among `logs` (a receipt's). */
export function parseSessionFailedLogs({ logs, sessionId }: ParseSessionFailedLogsParameters): SessionFailedEvent[] {
  return parseEventLogs({ abi: sessionsEventAbi("SessionFailed"), eventName: "SessionFailed", logs: sessionEventLogs(logs, "SessionFailed", sessionId), args: { sessionId }, strict: true })
    .map(sessionFailedEvent);
}

export type GetSessionFailedLogsParameters = {
  /** The Sessions contract. */
  address: Address;
  sessionId?: bigint;
  fromBlock: BlockNumber;
  toBlock?: BlockNumber | "latest";
};

/** The SessionFailed events a node has, in chain order (a claim may be followed by a refunding one). */
export async function getSessionFailedLogs(client: Client, { address, sessionId, fromBlock, toBlock }: GetSessionFailedLogsParameters): Promise<SessionFailedEvent[]> {
  const logs = await getContractEvents(client, {
    address, abi: sessionsAbi, eventName: "SessionFailed", args: { sessionId }, fromBlock, toBlock, strict: true,
  });
  return logs.map(sessionFailedEvent);
}

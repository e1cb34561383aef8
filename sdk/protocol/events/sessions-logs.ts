// Every event of the Sessions contract at once, in chain order (one eth_getLogs for all sessions,
// as the dApp's index reads them), each shaped by its event's own decoder.
import { parseEventLogs, type Address, type BlockNumber, type Client, type Log, type ParseEventLogsReturnType, type RpcLog } from "viem";
import { getContractEvents } from "viem/actions";
import { sessionsAbi } from "../../abis/index.ts";
import { roundRecordedEvent, type RoundRecordedEvent } from "./round-recorded.ts";
import { royaltyDistributedEvent, type RoyaltyDistributedEvent } from "./royalty-distributed.ts";
import { sessionCreatedEvent, type SessionCreatedEvent } from "./session-created.ts";
import { sessionFailedEvent, type SessionFailedEvent } from "./session-failed.ts";
import { sessionRefundedEvent, type SessionRefundedEvent } from "./session-refunded.ts";
import { sessionSettledEvent, type SessionSettledEvent } from "./session-settled.ts";

/** The events a session's story is told by (PayoutClaimed is an account's, not a session's). */
export type SessionsEvent =
  | ({ eventName: "SessionCreated" } & SessionCreatedEvent)
  | ({ eventName: "RoundRecorded" } & RoundRecordedEvent)
  | ({ eventName: "SessionSettled" } & SessionSettledEvent)
  | ({ eventName: "SessionRefunded" } & SessionRefundedEvent)
  | ({ eventName: "SessionFailed" } & SessionFailedEvent)
  | ({ eventName: "RoyaltyDistributed" } & RoyaltyDistributedEvent);

type AnySessionsLog = ParseEventLogsReturnType<typeof sessionsAbi, undefined, true>[number];

function sessionsEvents(logs: readonly AnySessionsLog[]): SessionsEvent[] {
  const events: SessionsEvent[] = [];
  for (const log of logs) {
    if (log.eventName === "SessionCreated") events.push({ eventName: log.eventName, ...sessionCreatedEvent(log) });
    else if (log.eventName === "RoundRecorded") events.push({ eventName: log.eventName, ...roundRecordedEvent(log) });
    else if (log.eventName === "SessionSettled") events.push({ eventName: log.eventName, ...sessionSettledEvent(log) });
    else if (log.eventName === "SessionRefunded") events.push({ eventName: log.eventName, ...sessionRefundedEvent(log) });
    else if (log.eventName === "SessionFailed") events.push({ eventName: log.eventName, ...sessionFailedEvent(log) });
    else if (log.eventName === "RoyaltyDistributed") events.push({ eventName: log.eventName, ...royaltyDistributedEvent(log) });
  }
  return events;
}

export type ParseSessionsLogsParameters = { logs: readonly (Log | RpcLog)[] };
export type ParseSessionsLogsReturnType = SessionsEvent[];

/** The session events among `logs` (e.g. an inlined snapshot's), in their order; others left out. */
export function parseSessionsLogs({ logs }: ParseSessionsLogsParameters): ParseSessionsLogsReturnType {
  return sessionsEvents(parseEventLogs<typeof sessionsAbi, true>({ abi: sessionsAbi, logs: [...logs], strict: true }));
}

export type GetSessionsLogsParameters = {
  /** The Sessions contract. */
  address: Address;
  fromBlock: BlockNumber;
  toBlock?: BlockNumber | "latest";
};
export type GetSessionsLogsReturnType = SessionsEvent[];

/** Every session event a node has in the range, in chain order, in one eth_getLogs call. */
export async function getSessionsLogs(client: Client, { address, fromBlock, toBlock }: GetSessionsLogsParameters): Promise<GetSessionsLogsReturnType> {
  const logs = await getContractEvents(client, { address, abi: sessionsAbi, fromBlock, toBlock, strict: true });
  return sessionsEvents(logs);
}

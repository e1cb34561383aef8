// The one decoder of Sessions' SessionSettled event (see round-recorded.ts for the shape of these).
import { parseEventLogs, type Address, type BlockNumber, type Client, type Hex, type Log, type RpcLog } from "viem";
import { getContractEvents } from "viem/actions";
import { sessionsAbi } from "../../abis/index.ts";
import type { DecodedLog } from "./decoded-log.ts";
import { sessionEventLogs, sessionsEventAbi } from "./session-topics.ts";

export type SessionSettledEvent = {
  sessionId: bigint;
  winnerAgentId: bigint;
  /** Each agent's share, in agent order. */
  payouts: readonly bigint[];
  /**
   * The protocol fee, and what the agents' levels left unearned (with the rounding), both to the
   * treasury: Σ payouts + fee + unearned = bounty.
   */
  fee: bigint;
  unearned: bigint;
  blockNumber: bigint;
  txHash: Hex;
};

/** One strictly decoded SessionSettled log (viem's) in the shape above. */
export function sessionSettledEvent(log: DecodedLog<Omit<SessionSettledEvent, "blockNumber" | "txHash">>): SessionSettledEvent {
  const { sessionId, winnerAgentId, payouts, fee, unearned } = log.args;
  return { sessionId, winnerAgentId, payouts, fee, unearned, blockNumber: log.blockNumber, txHash: log.transactionHash };
}

export type ParseSessionSettledLogsParameters = { logs: readonly (Log | RpcLog)[]; sessionId?: bigint };
export type ParseSessionSettledLogsReturnType = SessionSettledEvent[];

/** The SessionSettled events among `logs` (a receipt's). */
export function parseSessionSettledLogs({ logs, sessionId }: ParseSessionSettledLogsParameters): ParseSessionSettledLogsReturnType {
  return parseEventLogs({ abi: sessionsEventAbi("SessionSettled"), eventName: "SessionSettled", logs: sessionEventLogs(logs, "SessionSettled", sessionId), args: { sessionId }, strict: true })
    .map(sessionSettledEvent);
}

export type GetSessionSettledLogsParameters = {
  /** The Sessions contract. */
  address: Address;
  sessionId?: bigint;
  fromBlock: BlockNumber;
  toBlock?: BlockNumber | "latest";
};
export type GetSessionSettledLogsReturnType = SessionSettledEvent[];

/** The SessionSettled events a node has (at most one per session). */
export async function getSessionSettledLogs(client: Client, { address, sessionId, fromBlock, toBlock }: GetSessionSettledLogsParameters): Promise<GetSessionSettledLogsReturnType> {
  const logs = await getContractEvents(client, {
    address, abi: sessionsAbi, eventName: "SessionSettled", args: { sessionId }, fromBlock, toBlock, strict: true,
  });
  return logs.map(sessionSettledEvent);
}

// The one decoder of Sessions' SessionCreated event: the new session's id from its creation receipt.
import { parseEventLogs, type Address, type Hex, type Log, type RpcLog } from "viem";
import type { DecodedLog } from "./decoded-log.ts";
import { sessionsEventAbi } from "./session-topics.ts";

export type SessionCreatedEvent = {
  sessionId: bigint;
  submitter: Address;
  orchestrator: Address;
  params: {
    token: Address; bounty: bigint; taskHash: Hex; taskURI: string; agentIds: readonly bigint[];
    orchestrator: Address; minRounds: number; maxRounds: number; voteCredits: number; deadline: bigint;
    /** The task family (taskFamilyId of its name); zero when the session named none. */
    taskFamily: Hex;
  };
  fee: bigint;
  /** Each agent's royalty split hash, snapshotted at creation (agent order). */
  splitHashes: readonly Hex[];
  blockNumber: bigint;
  txHash: Hex;
};

/** One strictly decoded SessionCreated log (viem's) in the shape above. */
export function sessionCreatedEvent(log: DecodedLog<Omit<SessionCreatedEvent, "blockNumber" | "txHash">>): SessionCreatedEvent {
  const { sessionId, submitter, orchestrator, params, fee, splitHashes } = log.args;
  return { sessionId, submitter, orchestrator, params, fee, splitHashes, blockNumber: log.blockNumber, txHash: log.transactionHash };
}

export type ParseSessionCreatedLogsParameters = { logs: readonly (Log | RpcLog)[] };
export type ParseSessionCreatedLogsReturnType = SessionCreatedEvent[];

/** The SessionCreated events among `logs` (a createSession receipt's: exactly one). */
export function parseSessionCreatedLogs({ logs }: ParseSessionCreatedLogsParameters): ParseSessionCreatedLogsReturnType {
  return parseEventLogs({ abi: sessionsEventAbi("SessionCreated"), eventName: "SessionCreated", logs: [...logs], strict: true })
    .map(sessionCreatedEvent);
}

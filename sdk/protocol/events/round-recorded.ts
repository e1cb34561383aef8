// The one decoder of Sessions' RoundRecorded event, for the orchestrator, the CLI and the dApp:
// from a receipt's (or an inlined snapshot's) logs, or fetched from a node, always strictly
// decoded with the generated ABI; and the round it records, its packed outcome unpacked.
import { parseEventLogs, type Address, type BlockNumber, type Client, type Hex, type Log, type RpcLog } from "viem";
import { getContractEvents } from "viem/actions";
import { sessionsAbi } from "../../abis/index.ts";
import { unpackRoundOutcome } from "../round-packing.ts";
import type { DecodedLog } from "./decoded-log.ts";
import { sessionEventLogs, sessionsEventAbi } from "./session-topics.ts";

/** A RoundRecorded event as logged: the outcome still packed (unpacking needs the agent count). */
export type RoundRecordedEvent = {
  sessionId: bigint;
  round: number;
  winnerProposalHash: Hex;
  /** Packed scores, present bitmap, winner index and levels (see unpackRoundOutcome). */
  outcome: bigint;
  blockNumber: bigint;
  txHash: Hex;
};

/** One strictly decoded RoundRecorded log (viem's) in the shape above. */
export function roundRecordedEvent(log: DecodedLog<Omit<RoundRecordedEvent, "blockNumber" | "txHash">>): RoundRecordedEvent {
  const { sessionId, round, winnerProposalHash, outcome } = log.args;
  return { sessionId, round, winnerProposalHash, outcome, blockNumber: log.blockNumber, txHash: log.transactionHash };
}

/**
 * The events that stand, in chain order: a round recorded with absent agents and then replaced by
 * its complete version within its dispute window has two RoundRecorded events, and the later one
 * is the round's outcome (the contract's PartialRoundReplaced says so).
 */
export function standingRounds(events: readonly RoundRecordedEvent[]): RoundRecordedEvent[] {
  const last = new Map<string, number>();
  events.forEach((e, i) => last.set(`${e.sessionId}:${e.round}`, i));
  return events.filter((e, i) => last.get(`${e.sessionId}:${e.round}`) === i);
}

/**
 * Narrows to one session (the event's indexed argument, filtered by the node) and round (event
 * data since the topic was dropped to save gas: filtered here, after decoding).
 */
export type RoundRecordedFilter = { sessionId?: bigint; round?: number };

function ofRound(round: number | undefined): (e: RoundRecordedEvent) => boolean {
  return (e) => round === undefined || e.round === round;
}

export type ParseRoundRecordedLogsParameters = RoundRecordedFilter & { logs: readonly (Log | RpcLog)[] };
export type ParseRoundRecordedLogsReturnType = RoundRecordedEvent[];

/** The standing RoundRecorded events among `logs` (a receipt's, or an inlined snapshot's). */
export function parseRoundRecordedLogs({ logs, sessionId, round }: ParseRoundRecordedLogsParameters): ParseRoundRecordedLogsReturnType {
  return standingRounds(parseEventLogs({ abi: sessionsEventAbi("RoundRecorded"), eventName: "RoundRecorded", logs: sessionEventLogs(logs, "RoundRecorded", sessionId), args: { sessionId }, strict: true })
    .map(roundRecordedEvent).filter(ofRound(round)));
}

export type GetRoundRecordedLogsParameters = RoundRecordedFilter & {
  /** The Sessions contract. */
  address: Address;
  /** The deployment block, or the first block not yet read. */
  fromBlock: BlockNumber;
  toBlock?: BlockNumber | "latest";
};
export type GetRoundRecordedLogsReturnType = RoundRecordedEvent[];

/** The standing RoundRecorded events a node has for a session (or one round of it), in chain order. */
export async function getRoundRecordedLogs(client: Client, { address, sessionId, round, fromBlock, toBlock }: GetRoundRecordedLogsParameters): Promise<GetRoundRecordedLogsReturnType> {
  const logs = await getContractEvents(client, {
    address, abi: sessionsAbi, eventName: "RoundRecorded", args: { sessionId }, fromBlock, toBlock, strict: true,
  });
  return standingRounds(logs.map(roundRecordedEvent).filter(ofRound(round)));
}

/** A recorded round, read from its event: scores in the session's agent order. */
export type RecordedRound = {
  round: number;
  /** Each agent's score (0 for an absent agent). */
  scores: bigint[];
  winnerIndex: number;
  /** Bitmap of the agents that attested, by agent index. */
  present: bigint;
  /** Each agent's level in the round, in [0, 2L] (0 when absent). */
  levels: number[];
  winnerProposalHash: Hex;
  txHash: Hex;
};

/** Unpacks a RoundRecorded event of a session with `agentCount` agents. */
export function recordedRound(event: RoundRecordedEvent, agentCount: number): RecordedRound {
  const { scores, winnerIndex, present, levels } = unpackRoundOutcome(event.outcome, agentCount);
  return { round: event.round, scores: scores.map(BigInt), winnerIndex, present, levels, winnerProposalHash: event.winnerProposalHash, txHash: event.txHash };
}

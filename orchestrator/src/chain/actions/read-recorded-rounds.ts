// Every round of a session as the chain has it now, from its RoundRecorded events: one per round
// number, a round replaced by its complete version (PartialRoundReplaced) read from its later event.
import { getRoundRecordedLogs, recordedRound, type RecordedRound } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";

export type ReadRecordedRoundsParameters = { sessionId: bigint; agentCount: number };

/** In round order; levels and the present bitmap in agent order. */
export type ReadRecordedRoundsReturnType = RecordedRound[];

export async function readRecordedRounds(client: ChainContext, { sessionId, agentCount }: ReadRecordedRoundsParameters): Promise<ReadRecordedRoundsReturnType> {
  const events = await getRoundRecordedLogs(client.publicClient, {
    address: client.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(client.deployment.deployedAtBlock),
  });
  return events.map((e) => recordedRound(e, agentCount));
}

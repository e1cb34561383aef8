// A round already on chain, read back from its RoundRecorded event (and its receipt's gas).
import type { Hex } from "viem";
import { getRoundRecordedLogs, recordedRound } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import type { RecordRoundReturnType } from "./record-round.ts";

export type ReadRecordedRoundParameters = { sessionId: bigint; round: number; agentCount: number };

/** As recordRound returns it; undefined when the round is not on chain. */
export type ReadRecordedRoundReturnType = (RecordRoundReturnType & { winnerProposalHash: Hex }) | undefined;

export async function readRecordedRound(client: ChainContext, { sessionId, round, agentCount }: ReadRecordedRoundParameters): Promise<ReadRecordedRoundReturnType> {
  const [event] = await getRoundRecordedLogs(client.publicClient, {
    address: client.deployment.contracts.Sessions, sessionId, round, fromBlock: BigInt(client.deployment.deployedAtBlock),
  });
  if (!event) return undefined;
  const receipt = await client.publicClient.getTransactionReceipt({ hash: event.txHash });
  const recorded = recordedRound(event, agentCount);
  const { scores, winnerIndex, present, levels, txHash, winnerProposalHash } = recorded;
  return { scores, winnerIndex, present, levels, txHash, winnerProposalHash, gasUsed: receipt.gasUsed, recorded };
}

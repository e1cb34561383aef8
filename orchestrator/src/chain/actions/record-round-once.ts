// Records a round unless the chain already has it: an orchestrator that resumes a session after
// a crash between sending the transaction and saving its state must not record twice. What the
// chain had when the session started is in the plan, so the hot path reads nothing before sending;
// the chain is asked again only if the send fails (another owner may have recorded it meanwhile).
import { sessionsAbi } from "@concord/agent-sdk/abis";
import type { ChainContext } from "../chain-context.ts";
import { readRecordedRound } from "./read-recorded-round.ts";
import { recordRound, type RecordRoundParameters, type RecordRoundReturnType } from "./record-round.ts";

export type RecordRoundOnceParameters = RecordRoundParameters & {
  /** Rounds on chain when the session's plan was read: a round up to it is read back, not sent. */
  roundsRecorded?: number;
};

export type RecordRoundOnceReturnType = RecordRoundReturnType;

export async function recordRoundOnce(client: ChainContext, parameters: RecordRoundOnceParameters): Promise<RecordRoundOnceReturnType> {
  const { sessionId, round } = parameters;
  const agentCount = parameters.attestations.length + (parameters.absentSigners?.length ?? 0);
  const readBack = () => readRecordedRound(client, { sessionId, round, agentCount });
  if (round <= (parameters.roundsRecorded ?? 0)) {
    const existing = await readBack();
    if (existing) return existing;
  }
  try {
    return await recordRound(client, parameters);
  } catch (error) {
    const { roundsRecorded } = await client.publicClient.readContract({
      address: client.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSession", args: [sessionId],
    });
    const existing = roundsRecorded >= round ? await readBack() : undefined;
    if (existing) return existing;
    throw error;
  }
}

// Records a round unless the chain already has it: an orchestrator that resumes a session after
// a crash between sending the transaction and saving its state must not record twice. What the
// chain had when the session started is in the plan, so the hot path reads nothing before sending;
// the chain is asked again only if the send fails (another owner may have recorded it meanwhile).
import { sessionsAbi } from "@concord/agent-sdk/abis";
import type { ChainContext } from "../chain-context.ts";
import { revertName } from "../write-contract.ts";
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
    const refreshed = revertName(error) === "InvalidSignature" ? await withCurrentSigners(client, parameters) : undefined;
    if (refreshed) return await recordRound(client, refreshed);
    throw error;
  }
}

/**
 * The round with its absent agents' keys read again from the session: an absent agent's key may
 * have been brought up to date with the registry (Sessions.refreshSigner: rotated, or 0 once
 * retired) since the session's plan was read. Undefined when nothing changed.
 */
async function withCurrentSigners(client: ChainContext, parameters: RecordRoundParameters): Promise<RecordRoundParameters | undefined> {
  const signers = await client.publicClient.readContract({
    address: client.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSigners", args: [parameters.sessionId],
  });
  const present = new Set(parameters.attestations.map((a) => a.agentIndex));
  const absentSigners = signers.filter((_, i) => !present.has(i));
  const before = parameters.absentSigners ?? [];
  if (absentSigners.every((s, i) => s.toLowerCase() === before[i]?.toLowerCase())) return undefined;
  return { ...parameters, absentSigners };
}

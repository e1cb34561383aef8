// The session's round terms: the 23 bytes every packed round ends with. Fixed at creation, so read
// once when a session starts and kept in its plan.
import { sessionsAbi } from "@concord/agent-sdk/abis";
import type { ChainContext } from "../chain-context.ts";

export type ReadRoundTermsParameters = { sessionId: bigint };

/** The 120-bit RoundTerms word (see ISessions.roundTerms). */
export type ReadRoundTermsReturnType = bigint;

export function readRoundTerms(client: ChainContext, { sessionId }: ReadRoundTermsParameters): Promise<ReadRoundTermsReturnType> {
  return client.publicClient.readContract({
    address: client.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "roundTerms", args: [sessionId],
  });
}

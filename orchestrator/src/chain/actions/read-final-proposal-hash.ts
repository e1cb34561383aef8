// The winning proposal hash of a session's last recorded round (its final answer once settled),
// from that round's RoundRecorded event: the contract does not keep it in storage.
import type { Hex } from "viem";
import { getRoundRecordedLogs } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";

export type ReadFinalProposalHashParameters = {
  sessionId: bigint;
  /** The session's round count (getSession's roundsRecorded). */
  roundsRecorded: number;
};

/** Undefined before the first round. */
export type ReadFinalProposalHashReturnType = Hex | undefined;

export async function readFinalProposalHash(client: ChainContext, { sessionId, roundsRecorded }: ReadFinalProposalHashParameters): Promise<ReadFinalProposalHashReturnType> {
  if (roundsRecorded === 0) return undefined;
  const events = await getRoundRecordedLogs(client.publicClient, {
    address: client.deployment.contracts.Sessions, sessionId, round: roundsRecorded, fromBlock: BigInt(client.deployment.deployedAtBlock),
  });
  // A round replaced by its complete version has two events: the later one is the round.
  return events.at(-1)?.winnerProposalHash;
}

// A session as the contract keeps it (getSession), with its agents and their snapshotted signers.
import type { Address, Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import type { ChainContext } from "../chain-context.ts";

export type ReadSessionParameters = { sessionId: bigint };

export type ReadSessionReturnType = {
  submitter: Address;
  orchestrator: Address;
  token: Address;
  taskHash: Hex;
  bounty: bigint;
  deadline: bigint;
  minRounds: number;
  maxRounds: number;
  roundsRecorded: number;
  voteCredits: number;
  /** A SessionStatus code (see sessionStatusCode). */
  status: number;
  /** The last recorded round's winner (0 before the first round). */
  winnerAgentId: bigint;
  /** In agent order, as are the signers. */
  agentIds: bigint[];
  signers: Address[];
};

export async function readSession(client: ChainContext, { sessionId }: ReadSessionParameters): Promise<ReadSessionReturnType> {
  const read = { address: client.deployment.contracts.Sessions, abi: sessionsAbi } as const;
  const [session, agentIds, signers] = await Promise.all([
    client.publicClient.readContract({ ...read, functionName: "getSession", args: [sessionId] }),
    client.publicClient.readContract({ ...read, functionName: "getAgentIds", args: [sessionId] }),
    client.publicClient.readContract({ ...read, functionName: "getSigners", args: [sessionId] }),
  ]);
  return { ...session, agentIds: [...agentIds], signers: [...signers] };
}

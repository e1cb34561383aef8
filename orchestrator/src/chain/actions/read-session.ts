// A session as the contract keeps it (getSession), with its agents, their snapshotted signers and
// its round terms: four views read in one eth_call (a deployless multicall, so no Multicall3
// contract need be deployed on the chain).
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
  /** The 120-bit RoundTerms word (readRoundTerms): fixed at creation. */
  roundTerms: bigint;
};

export async function readSession(client: ChainContext, { sessionId }: ReadSessionParameters): Promise<ReadSessionReturnType> {
  const read = { address: client.deployment.contracts.Sessions, abi: sessionsAbi } as const;
  const [session, agentIds, signers, roundTerms] = await client.publicClient.multicall({
    deployless: true, allowFailure: false,
    contracts: [
      { ...read, functionName: "getSession", args: [sessionId] },
      { ...read, functionName: "getAgentIds", args: [sessionId] },
      { ...read, functionName: "getSigners", args: [sessionId] },
      { ...read, functionName: "roundTerms", args: [sessionId] },
    ],
  });
  return { ...session, agentIds: [...agentIds], signers: [...signers], roundTerms };
}

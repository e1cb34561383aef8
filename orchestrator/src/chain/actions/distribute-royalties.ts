// Credits every agent's payout in a settled session to its royalty recipients, skipping those
// already credited. Each split is found from the registry's SplitUpdated event whose hash the
// session snapshotted.
import type { Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getSplitUpdatedLogs } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import { writeContract, type Wallet } from "../write-contract.ts";

export type DistributeRoyaltiesParameters = {
  /** Anyone may send these. */
  wallet: Wallet;
  sessionId: bigint;
};

/** The claimRoyalty transactions sent (none when all were credited already). */
export type DistributeRoyaltiesReturnType = { txHashes: Hex[] };

export async function distributeRoyalties(client: ChainContext, { wallet, sessionId }: DistributeRoyaltiesParameters): Promise<DistributeRoyaltiesReturnType> {
  const { publicClient, deployment } = client;
  const read = { address: deployment.contracts.Sessions, abi: sessionsAbi } as const;
  const agentIds = await publicClient.readContract({ ...read, functionName: "getAgentIds", args: [sessionId] });
  const splitHashes = await publicClient.readContract({ ...read, functionName: "getSplitHashes", args: [sessionId] });
  const txHashes: Hex[] = [];
  for (const [index, agentId] of agentIds.entries()) {
    if (await publicClient.readContract({ ...read, functionName: "royaltyDistributed", args: [sessionId, BigInt(index)] })) continue;
    const [logged] = await getSplitUpdatedLogs(publicClient, {
      address: deployment.contracts.AgentRegistry, agentId, splitHash: splitHashes[index], fromBlock: BigInt(deployment.deployedAtBlock),
    });
    const split = { recipients: [...logged!.recipients], bps: [...logged!.bps] };
    const { hash } = await writeContract(publicClient, wallet, {
      ...read, functionName: "claimRoyalty", args: [sessionId, BigInt(index), split],
    });
    txHashes.push(hash);
  }
  return { txHashes };
}

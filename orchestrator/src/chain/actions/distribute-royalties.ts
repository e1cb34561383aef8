// Credits every agent's payout in a settled session to its royalty recipients, skipping those
// already credited. Each split is found from the registry's SplitUpdated event whose hash the
// session snapshotted. What it reads is read in one call (a deployless multicall); the splits
// come from this process's cache of them (split-cache.ts). The claims go out in one transaction
// (Sessions.multicall, each claim checked as if sent alone), so a session's royalties cost the
// chain one block, not one per agent; if that transaction fails (someone credited an agent in
// between, say), each claim is sent alone and fails or lands on its own.
import type { Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import type { ChainContext } from "../chain-context.ts";
import { claimRoyaltyGas } from "../gas-limit.ts";
import { preparedFunction } from "../prepared-function.ts";
import { splitsFor } from "../split-cache.ts";
import { sessionsMulticall } from "../write-batched.ts";
import { writeContract, type Wallet } from "../write-contract.ts";

export type DistributeRoyaltiesParameters = {
  /** Anyone may send these. */
  wallet: Wallet;
  sessionId: bigint;
  /** The session's agents in order, when the caller holds them (otherwise read). */
  agentIds?: readonly bigint[];
};

/** The transactions sent: one for all the claims, or one per claim if that failed (none when all were credited already). */
export type DistributeRoyaltiesReturnType = { txHashes: Hex[] };

export async function distributeRoyalties(client: ChainContext, { wallet, sessionId, ...parameters }: DistributeRoyaltiesParameters): Promise<DistributeRoyaltiesReturnType> {
  const { publicClient, deployment } = client;
  const read = { address: deployment.contracts.Sessions, abi: sessionsAbi } as const;
  const agentIds = parameters.agentIds ?? await publicClient.readContract({ ...read, functionName: "getAgentIds", args: [sessionId] });
  // viem cannot type a multicall of mixed functions built with a spread; the reads are checked by their ABI at run time.
  const multicall = publicClient.multicall as (args: unknown) => Promise<unknown[]>;
  const [splitHashes, ...distributed] = await multicall({
    deployless: true, allowFailure: false,
    contracts: [
      { address: read.address, ...preparedFunction(sessionsAbi, "getSplitHashes"), args: [sessionId] },
      ...agentIds.map((_, index) => ({ address: read.address, ...preparedFunction(sessionsAbi, "royaltyDistributed"), args: [sessionId, BigInt(index)] })),
    ],
  }) as [readonly Hex[], ...boolean[]];
  const owed = agentIds.flatMap((agentId, index) => (distributed[index] ? [] : [{ agentId, index, splitHash: splitHashes[index]! }]));
  if (owed.length === 0) return { txHashes: [] };
  const splits = await splitsFor(publicClient, deployment.contracts.AgentRegistry, BigInt(deployment.deployedAtBlock), owed);
  const claims = owed.map(({ index }, k) => {
    const split = splits[k]!;
    return {
      call: { ...read, functionName: "claimRoyalty", args: [sessionId, BigInt(index), { recipients: [...split.recipients], bps: [...split.bps] }] } as const,
      gas: claimRoyaltyGas(split.recipients.length),
    };
  });
  // Each alone: the nonces are handed out in order, the receipts awaited at once.
  const alone = () => Promise.all(claims.map(async ({ call, gas }) => (await writeContract(publicClient, wallet, call, { gas })).hash));
  if (claims.length === 1) return { txHashes: await alone() };
  const batch = sessionsMulticall(claims);
  try {
    return { txHashes: [(await writeContract(publicClient, wallet, batch.call as never, { gas: batch.gas })).hash] };
  } catch {
    return { txHashes: await alone() };
  }
}

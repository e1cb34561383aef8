// Credits one agent's payout in a settled session to its royalty recipients (anyone may send it,
// once per agent). The split must hash to the one the session snapshotted at creation, so it is
// read from the registry's SplitUpdated event with that hash.
import { parseEventLogs, type Address, type Hex } from "viem";
import { readContract } from "viem/actions";
import { sessionsAbi } from "../abis/index.ts";
import { ConcordError, getSplitUpdatedLogs, type Deployment } from "../protocol/index.ts";
import type { ChainWallet } from "./clients.ts";
import { sendContract } from "./send-contract.ts";

export type DistributeRoyaltyParameters = { sessionId: bigint; agentIndex: number };

export type DistributeRoyaltyReturnType = { txHash: Hex; amount: bigint; recipients: readonly Address[]; bps: readonly number[] };

export async function distributeRoyalty(wallet: ChainWallet, deployment: Deployment, { sessionId, agentIndex }: DistributeRoyaltyParameters): Promise<DistributeRoyaltyReturnType> {
  const read = { address: deployment.contracts.Sessions, abi: sessionsAbi } as const;
  const [agentIds, splitHashes] = await Promise.all([
    readContract(wallet, { ...read, functionName: "getAgentIds", args: [sessionId] }),
    readContract(wallet, { ...read, functionName: "getSplitHashes", args: [sessionId] }),
  ]);
  const agentId = agentIds[agentIndex];
  const splitHash = splitHashes[agentIndex];
  if (agentId === undefined || splitHash === undefined) {
    throw new ConcordError("CONFIG_INVALID", `session ${sessionId} has ${agentIds.length} agents: no agent index ${agentIndex}`);
  }
  const [split] = await getSplitUpdatedLogs(wallet, {
    address: deployment.contracts.AgentRegistry, agentId, splitHash, fromBlock: BigInt(deployment.deployedAtBlock),
  });
  if (!split) throw new ConcordError("CHAIN_CALL_FAILED", `the registry logged no split ${splitHash} for agent ${agentId}`);
  const { txHash, receipt } = await sendContract(wallet, {
    ...read, functionName: "claimRoyalty", args: [sessionId, BigInt(agentIndex), { recipients: [...split.recipients], bps: [...split.bps] }],
  });
  const [distributed] = parseEventLogs({ abi: sessionsAbi, eventName: "RoyaltyDistributed", logs: receipt.logs, strict: true });
  return { txHash, amount: distributed!.args.amount, recipients: split.recipients, bps: split.bps };
}

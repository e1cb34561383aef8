// The one decoder of AgentRegistry's SplitUpdated event: the royalty split behind a split hash.
import type { Address, BlockNumber, Client, Hex } from "viem";
import { getContractEvents } from "viem/actions";
import { agentRegistryAbi } from "../../abis/index.ts";

export type SplitUpdatedEvent = {
  agentId: bigint;
  splitHash: Hex;
  /** Ascending, with basis points summing to 10 000. */
  recipients: readonly Address[];
  bps: readonly number[];
  blockNumber: bigint;
  txHash: Hex;
};

export type GetSplitUpdatedLogsParameters = {
  /** The AgentRegistry contract. */
  address: Address;
  agentId?: bigint;
  splitHash?: Hex;
  fromBlock: BlockNumber;
  toBlock?: BlockNumber | "latest";
};
export type GetSplitUpdatedLogsReturnType = SplitUpdatedEvent[];

/** The SplitUpdated events a node has (of one agent, or for one split hash), in chain order. */
export async function getSplitUpdatedLogs(client: Client, { address, agentId, splitHash, fromBlock, toBlock }: GetSplitUpdatedLogsParameters): Promise<GetSplitUpdatedLogsReturnType> {
  const logs = await getContractEvents(client, {
    address, abi: agentRegistryAbi, eventName: "SplitUpdated", args: { agentId, splitHash }, fromBlock, toBlock, strict: true,
  });
  return logs.map((log) => ({ ...log.args, blockNumber: log.blockNumber, txHash: log.transactionHash }));
}

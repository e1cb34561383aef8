// The one decoder of AgentRegistry's AgentRegistered event: the new agent's id from its receipt.
import { parseEventLogs, type Address, type Hex, type Log, type RpcLog } from "viem";
import { agentRegistryAbi } from "../../abis/index.ts";

export type AgentRegisteredEvent = {
  agentId: bigint;
  operator: Address;
  signer: Address;
  modelId: string;
  metadataURI: string;
  blockNumber: bigint;
  txHash: Hex;
};

export type ParseAgentRegisteredLogsParameters = { logs: readonly (Log | RpcLog)[] };
export type ParseAgentRegisteredLogsReturnType = AgentRegisteredEvent[];

/** The AgentRegistered events among `logs` (a registerAgent receipt's: exactly one). */
export function parseAgentRegisteredLogs({ logs }: ParseAgentRegisteredLogsParameters): ParseAgentRegisteredLogsReturnType {
  return parseEventLogs({ abi: agentRegistryAbi, eventName: "AgentRegistered", logs: [...logs], strict: true })
    .map((log) => ({ ...log.args, blockNumber: log.blockNumber, txHash: log.transactionHash }));
}

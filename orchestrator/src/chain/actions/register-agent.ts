// Registers an agent on the AgentRegistry; by default its operator is its only royalty recipient.
// The agent's key signs its consent (EIP-712 AgentKey), so the registry knows the operator holds it.
import type { Address, Hex, LocalAccount } from "viem";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { parseAgentRegisteredLogs, signAgentKey, SPLIT_TOTAL_BPS } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import { writeContract, type Wallet } from "../write-contract.ts";

/** A royalty split: recipients ascending, basis points summing to 10 000. */
export interface RoyaltySplit {
  recipients: readonly Address[];
  bps: readonly number[];
}

export type RegisterAgentParameters = {
  /** The operator, who sends the registration. */
  wallet: Wallet;
  /** The key the agent signs its ballots with; it also signs its consent to this registration. */
  signer: LocalAccount;
  modelId: string;
  metadataURI?: string;
  /** Default: the operator takes it all. */
  split?: RoyaltySplit;
};

export type RegisterAgentReturnType = { agentId: bigint; txHash: Hex };

export async function registerAgent(client: ChainContext, parameters: RegisterAgentParameters): Promise<RegisterAgentReturnType> {
  const { wallet, signer, modelId } = parameters;
  const split = parameters.split ?? { recipients: [wallet.account.address], bps: [SPLIT_TOTAL_BPS] };
  const registry = client.deployment.contracts.AgentRegistry;
  const signature = await signAgentKey(signer, { chainId: client.deployment.chainId, address: registry }, { operator: wallet.account.address, modelId });
  const { receipt, hash } = await writeContract(client.publicClient, wallet, {
    address: registry,
    abi: agentRegistryAbi,
    functionName: "registerAgent",
    args: [signer.address, modelId, parameters.metadataURI ?? "", { recipients: [...split.recipients], bps: [...split.bps] }, signature],
  });
  const [registered] = parseAgentRegisteredLogs({ logs: receipt.logs });
  return { agentId: registered!.agentId, txHash: hash };
}

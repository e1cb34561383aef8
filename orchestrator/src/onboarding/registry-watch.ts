// Follows the AgentRegistry's changes that end an agent's NATS credentials: retirement, and a new
// signer (AgentUpdated names the signer after the update, which may be the same one).
import type { Address } from "viem";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import type { ChainContext } from "../chain/chain-context.ts";

export type RegistryChange = { agentId: bigint; retired: true } | { agentId: bigint; retired: false; signer: Address };

/** Calls `onChange` for each change, in log order; returns a function that stops watching. */
export function watchRegistryChanges(chain: ChainContext, onChange: (change: RegistryChange) => void, onError: (error: Error) => void): () => void {
  return chain.publicClient.watchContractEvent({
    address: chain.deployment.contracts.AgentRegistry,
    abi: agentRegistryAbi,
    onLogs: (logs) => {
      for (const log of logs) {
        if (log.eventName === "AgentRetiredByOperator") onChange({ agentId: log.args.agentId!, retired: true });
        else if (log.eventName === "AgentUpdated") onChange({ agentId: log.args.agentId!, retired: false, signer: log.args.signer! });
      }
    },
    onError,
  });
}

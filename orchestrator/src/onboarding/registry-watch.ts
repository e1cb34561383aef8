// Follows the AgentRegistry's changes that end an agent's NATS credentials: retirement, and a new
// signer (AgentUpdated names the signer after the update, which may be the same one). It polls
// eth_getLogs itself rather than through a node-side filter: stop() then waits for the one poll in
// flight, so no request outlives the watcher (a filter's uninstall would race the node's shutdown,
// and the stack's patient transport would retry it for as long as it waits out an outage).
import type { Address } from "viem";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import type { ChainContext } from "../chain/chain-context.ts";

/** A revocation within half a second is soon enough, and spares the devnet's 50 ms polling rate. */
const MIN_POLL_MS = 500;

export type RegistryChange = { agentId: bigint; retired: true } | { agentId: bigint; retired: false; signer: Address };

export interface RegistryWatch {
  /** Stops polling; resolves once the poll in flight, if any, has ended. */
  stop(): Promise<void>;
}

/** Calls `onChange` for each change from the next block on, in log order. */
export function watchRegistryChanges(
  chain: ChainContext, onChange: (change: RegistryChange) => void, onError: (error: Error) => void,
): RegistryWatch {
  const { publicClient } = chain;
  let next: bigint | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const poll = async () => {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    if (next === undefined) next = head + 1n;
    if (head < next) return;
    const logs = await publicClient.getContractEvents({
      address: chain.deployment.contracts.AgentRegistry, abi: agentRegistryAbi, fromBlock: next, toBlock: head,
    });
    next = head + 1n;
    for (const log of logs) {
      if (log.eventName === "AgentRetiredByOperator") onChange({ agentId: log.args.agentId!, retired: true });
      else if (log.eventName === "AgentUpdated") onChange({ agentId: log.args.agentId!, retired: false, signer: log.args.signer! });
    }
  };
  const loop = () => {
    if (stopped) return;
    inFlight = poll().catch((error: unknown) => onError(error as Error)).finally(() => {
      if (!stopped) timer = setTimeout(loop, Math.max(publicClient.pollingInterval, MIN_POLL_MS));
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

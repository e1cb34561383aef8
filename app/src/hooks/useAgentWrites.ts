// The AgentRegistry writes the dApp sends for an agent's operator: registerAgent (the new agent's id
// from its receipt), updateAgent (details, or a signer rotation with the new key's proof),
// setSplit and retireAgent. Each goes through useTx (simulated first, so a revert is explained by
// its error name before the wallet is asked); afterwards the reads that show agents are refreshed.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address, Hex } from "viem";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { parseAgentRegisteredLogs, type RegistryContractRef } from "@concord/agent-sdk/protocol";
import type { SplitValue } from "../lib/split-form.ts";
import { useDeployment } from "./useDeployment.ts";
import { useTx } from "./useTx.ts";

/** The registry the connected operator writes to, as a key's proof names it. */
export function useRegistryRef(): RegistryContractRef {
  const deployment = useDeployment();
  return { chainId: deployment.chainId, address: deployment.contracts.AgentRegistry };
}

/** Agents' names, records and splits are read again after a change (the lists cache them). */
function useRefreshAgents() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({
    predicate: (q) => {
      const [scope, name] = q.queryKey as unknown[];
      // wagmi's contract reads (the registry's records) and the dApp's own agent queries.
      return scope === "readContract" || scope === "readContracts"
        || (scope === "concord" && (name === "agentDirectory" || name === "royaltySplits"));
    },
  });
}

export type Registration = {
  readonly signer: Address;
  readonly signature: Hex;
  readonly modelId: string;
  readonly metadataURI: string;
  readonly split: SplitValue;
};

export function useRegisterAgent() {
  const registry = useRegistryRef();
  const tx = useTx();
  const refresh = useRefreshAgents();
  const [agentId, setAgentId] = useState<bigint | undefined>(undefined);
  return {
    tx,
    agentId,
    register: async (r: Registration): Promise<bigint | undefined> => {
      setAgentId(undefined);
      const receipt = await tx.run(
        {
          address: registry.address, abi: agentRegistryAbi, functionName: "registerAgent",
          args: [r.signer, r.modelId, r.metadataURI, { recipients: [...r.split.recipients], bps: [...r.split.bps] }, r.signature],
        },
        { confirmation: "Agent registration confirmed" },
      );
      if (receipt === undefined) return undefined;
      const [registered] = parseAgentRegisteredLogs({ logs: receipt.logs });
      setAgentId(registered?.agentId);
      await refresh();
      return registered?.agentId;
    },
    reset: () => {
      setAgentId(undefined);
      tx.reset();
    },
  };
}

export function useAgentAdmin(agentId: bigint, onChanged: () => unknown) {
  const registry = useRegistryRef();
  const refresh = useRefreshAgents();
  const updateTx = useTx();
  const splitTx = useTx();
  const retireTx = useTx();
  const after = async (receipt: unknown) => {
    if (receipt === undefined) return false;
    await Promise.all([refresh(), onChanged()]);
    return true;
  };
  const write = { address: registry.address, abi: agentRegistryAbi } as const;
  return {
    updateTx, splitTx, retireTx,
    /** `signature` is ignored by the contract when `signer` is the current one ("0x" then). */
    update: async (u: { signer: Address; modelId: string; metadataURI: string; signature: Hex }) =>
      after(await updateTx.run(
        { ...write, functionName: "updateAgent", args: [agentId, u.signer, u.modelId, u.metadataURI, u.signature] },
        { confirmation: `Update of agent #${agentId} confirmed` },
      )),
    setSplit: async (split: SplitValue) =>
      after(await splitTx.run(
        { ...write, functionName: "setSplit", args: [agentId, { recipients: [...split.recipients], bps: [...split.bps] }] },
        { confirmation: `Royalty split of agent #${agentId} confirmed` },
      )),
    retire: async () =>
      after(await retireTx.run({ ...write, functionName: "retireAgent", args: [agentId] }, { confirmation: `Retirement of agent #${agentId} confirmed` })),
  };
}

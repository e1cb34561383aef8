// One agent's page data: its registry record (getAgent; a missing agent reverts), its identity,
// and its record across the indexed sessions (lib/agent-profile.ts).
import { useMemo } from "react";
import { useReadContract, useReadContracts } from "wagmi";
import { agentRegistryAbi, sessionsAbi } from "@concord/agent-sdk/abis";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";
import { agentProfile } from "../lib/agent-profile.ts";
import { agentIdentity, type AgentIdentity } from "../lib/agent-identity.ts";
import type { AgentRecord } from "../lib/agents.ts";
import { findSplit } from "../lib/royalty-splits.ts";
import { retryUnlessReverted, revertErrorName } from "../lib/txError.ts";
import { useAgentDeclarations } from "./useAgentDeclarations.ts";
import { useChainIndex } from "./useChainIndex.ts";
import { useDeployment } from "./useDeployment.ts";

export function useAgentProfile(agentId: bigint) {
  const { AgentRegistry: address, Sessions } = useDeployment().contracts;
  // Its reliability: settled sessions, endorsements, and the weight a session created now gives it.
  const history = useReadContract({ address: Sessions, abi: sessionsAbi, functionName: "history", args: [agentId] });
  useRefetchOnBlock(() => history.refetch());
  const read = useReadContract({ address, abi: agentRegistryAbi, functionName: "getAgent", args: [agentId], query: { retry: retryUnlessReverted } });
  const record = read.data as AgentRecord | undefined;
  const declarations = useAgentDeclarations(record === undefined ? [] : [agentId]);
  const index = useChainIndex();
  const declaredName = declarations.data?.find((d) => d.agentId === agentId.toString())?.name;
  const identity: AgentIdentity = agentIdentity(agentId, { metadataURI: record?.metadataURI, signer: record?.signer, declaredName });
  const sessions = index.data?.sessions;
  const profile = useMemo(() => (sessions === undefined ? undefined : agentProfile(agentId, sessions)), [agentId, sessions]);
  const split = record && index.data ? findSplit(index.data.splits, record.splitHash) : undefined;
  // Its weight in each task family its sessions named (Sessions.familyHistory).
  const families = profile?.families ?? [];
  const familyHistories = useReadContracts({
    contracts: families.map((family) => ({ address: Sessions, abi: sessionsAbi, functionName: "familyHistory", args: [agentId, family] }) as const),
  });
  useRefetchOnBlock(() => familyHistories.refetch());
  return {
    record,
    identity,
    profile,
    split: split?.recipients.map((recipient, i) => ({ recipient, bps: split.bps[i]! })),
    live: declarations.data?.[0]?.live,
    /** Sessions.history(agentId): [sessions, endorsed, weight]. */
    history: history.data,
    /** Per task family of its sessions: Sessions.familyHistory(agentId, family), once read. */
    familyHistories: families.flatMap((family, i) => {
      const read = familyHistories.data?.[i];
      return read?.status === "success" ? [{ family, history: read.result }] : [];
    }),
    /** Reads the record again (after the operator changed it). */
    refetch: read.refetch,
    // getAgent reverts for an id the registry never gave out.
    notFound: read.error !== null && revertErrorName(read.error) !== undefined,
    isPending: read.isPending || index.isPending,
    error: (read.error !== null && revertErrorName(read.error) === undefined ? read.error : null) ?? index.error,
  };
}

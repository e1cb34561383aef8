// Reads every registered agent's identity (lib/agent-identity.ts): the registry's records
// (AgentRegistry.agentCount, getAgent for 1..count), then the names the dApp server hears them run
// under (GET /api/agents), when it can tell. Loaded on demand by hooks/useAgentDirectory.ts, so the
// sessions list's first render carries neither the contract-call code nor the server's schemas.
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import { fetchAgentDeclarations } from "./agent-declarations.ts";
import { agentIdentity, type AgentDirectory } from "./agent-identity.ts";
import type { AgentRecord } from "./agents.ts";
import type { FetchLike } from "./dapp-config.ts";

export async function loadAgentDirectory(client: Client, registry: Address, fetchFn: FetchLike, signal?: AbortSignal): Promise<AgentDirectory> {
  const count = await readContract(client, { address: registry, abi: agentRegistryAbi, functionName: "agentCount" });
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const records = await Promise.all(ids.map(async (id) => (await readContract(client, { address: registry, abi: agentRegistryAbi, functionName: "getAgent", args: [id] })) as AgentRecord));
  // Names are a nicety: without the server's answer (no NATS, busy) the agents go by their ids.
  const declared = ids.length === 0 ? [] : await fetchAgentDeclarations(fetchFn, ids, signal).catch(() => []);
  const names = new Map(declared.map((d) => [d.agentId, d.name]));
  return new Map(ids.map((id, i) => [
    id,
    agentIdentity(id, { metadataURI: records[i]!.metadataURI, signer: records[i]!.signer, declaredName: names.get(id.toString()) }),
  ]));
}

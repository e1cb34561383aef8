// Turns NATS agent names into on-chain agent ids: an agent's heartbeat names its signer, and the
// AgentRegistry maps a signer to its agent id. So a submitter only needs the names.
import type { NatsConnection } from "@nats-io/transport-node";
import type { Address } from "viem";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { ConcordError, type Heartbeat, MIN_AGENTS } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";
import type { PanelAgent } from "./panel-agent.ts";
import { lookupHeartbeats } from "./heartbeat-directory.ts";

/**
 * The agents heard within `windowMs` (agents beat every 2 s), as soon as every named agent has
 * been heard (heartbeat-directory.ts). Without names, the panel is every live agent heard, in name order.
 */
export async function resolveAgents(
  nc: NatsConnection, chain: ChainContext, names: readonly string[] | undefined, windowMs = 5_000,
): Promise<PanelAgent[]> {
  const heard = await lookupHeartbeats(nc, windowMs, (h) => names !== undefined && names.every((n) => h.has(n)));
  const panelNames = names ?? [...heard.keys()].sort();
  const missing = panelNames.filter((n) => !heard.has(n));
  if (missing.length > 0) {
    throw new ConcordError("CONFIG_INVALID", `no heartbeat within ${windowMs / 1000} s from: ${missing.join(", ")} (is \`concord agent\` running for it?)`);
  }
  if (panelNames.length < MIN_AGENTS) {
    throw new ConcordError("TOO_FEW_AGENTS", `a session needs at least ${MIN_AGENTS} agents; heard ${panelNames.length} within ${windowMs / 1000} s: ${panelNames.join(", ") || "none"}`);
  }
  return Promise.all(
    panelNames.map(async (name) => {
      const signer = heard.get(name)!.signer;
      const agentId = await chain.publicClient.readContract({
        address: chain.deployment.contracts.AgentRegistry, abi: agentRegistryAbi, functionName: "agentIdOf", args: [signer],
      });
      if (agentId === 0n) {
        throw new ConcordError("AGENT_NOT_REGISTERED", `agent ${name}'s signer ${signer} is not registered on the AgentRegistry`);
      }
      return { name, agentId, signer };
    }),
  );
}

/**
 * The NATS names of the agents whose heartbeats are signed by `signers` (a session's snapshotted
 * signing keys, in agent order): a heartbeat is signed by the key it announces, so a name found
 * here belongs to that key. Listens until every signer is heard or `windowMs` passes; a signer not
 * heard maps to undefined.
 */
export async function agentNamesForSigners(
  nc: NatsConnection, signers: readonly Address[], windowMs = 5_000,
): Promise<(string | undefined)[]> {
  return (await heartbeatsForSigners(nc, signers, windowMs)).map((beat) => beat?.agent);
}

/** The latest heartbeat signed by each of `signers` (name, model, capabilities), as agentNamesForSigners hears them. */
export async function heartbeatsForSigners(
  nc: NatsConnection, signers: readonly Address[], windowMs = 5_000,
): Promise<(Heartbeat | undefined)[]> {
  const wanted = signers.map((s) => s.toLowerCase());
  const beatOf = (heard: Map<string, Heartbeat>, signer: string) =>
    [...heard.values()].find((beat) => beat.signer.toLowerCase() === signer);
  const heard = await lookupHeartbeats(nc, windowMs, (h) => wanted.every((s) => beatOf(h, s) !== undefined));
  return wanted.map((s) => beatOf(heard, s));
}

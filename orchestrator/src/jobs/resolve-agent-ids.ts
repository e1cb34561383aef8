// Turns on-chain agent ids (what the dApp's form chooses) into the panel a preflight probes: each
// id's signer and model from the AgentRegistry, then its NATS name and declared capabilities from
// the heartbeats that signer signs (no one can announce another's key). An id that is unknown,
// retired or not heartbeating is a problem about that agent, in a person's words.
import type { NatsConnection } from "@nats-io/transport-node";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import type { Heartbeat } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import { heartbeatsForSigners } from "../nats/resolve-agents.ts";
import { AgentProblem } from "./preflight.ts";

export type DeclaredAgent = {
  readonly agentId: bigint;
  /** The registry's model id (empty for an unknown id). */
  readonly modelId: string;
  /** Its latest heartbeat: NATS name and declared capabilities; undefined when not heard. */
  readonly heartbeat?: Heartbeat;
};

export type ResolvedAgentIds = {
  /** The agents that can be asked, in the order given. */
  readonly panel: PanelAgent[];
  /** Every id given, in order, with what it declares. */
  readonly declared: DeclaredAgent[];
  readonly problems: AgentProblem[];
};

export async function resolveAgentIds(
  nc: NatsConnection, chain: ChainContext, agentIds: readonly bigint[], windowMs = 5_000,
): Promise<ResolvedAgentIds> {
  const registry = { address: chain.deployment.contracts.AgentRegistry, abi: agentRegistryAbi } as const;
  const count = await chain.publicClient.readContract({ ...registry, functionName: "agentCount" });
  // Ids run 1..agentCount; getAgent reverts (UnknownAgent) past it.
  const records = await Promise.all(agentIds.map((agentId) =>
    agentId >= 1n && agentId <= count ? chain.publicClient.readContract({ ...registry, functionName: "getAgent", args: [agentId] }) : undefined));
  const known = records.flatMap((r) => (r === undefined ? [] : [r.signer]));
  const beats = await heartbeatsForSigners(nc, known, windowMs);
  const beatOf = new Map(known.map((signer, i) => [signer.toLowerCase(), beats[i]]));

  const panel: PanelAgent[] = [];
  const declared: DeclaredAgent[] = [];
  const problems: AgentProblem[] = [];
  for (const [i, agentId] of agentIds.entries()) {
    const record = records[i];
    if (record === undefined) {
      problems.push(new AgentProblem("AGENT_NOT_REGISTERED", `there is no agent #${agentId} on the AgentRegistry`, { agentId }));
      declared.push({ agentId, modelId: "" });
      continue;
    }
    const heartbeat = beatOf.get(record.signer.toLowerCase());
    declared.push({ agentId, modelId: record.modelId, ...(heartbeat ? { heartbeat } : {}) });
    if (record.retired) {
      problems.push(new AgentProblem("AGENT_RETIRED", `agent #${agentId} (${record.modelId}) was retired by its operator and cannot join a new session`, { agentId, name: heartbeat?.agent }));
    } else if (heartbeat === undefined) {
      problems.push(new AgentProblem("AGENT_NOT_LIVE",
        `agent #${agentId} (${record.modelId}) sent no heartbeat within ${windowMs / 1000} s: it is not running, so it could not answer`, { agentId }));
    } else {
      panel.push({ name: heartbeat.agent, agentId, signer: record.signer });
    }
  }
  return { panel, declared, problems };
}

// How an agent is named and pictured everywhere in the dApp (list, agents, payouts, session pages):
// the name its registry metadata gives (a data: URI of JSON with a "name"), else the name it runs
// under (its heartbeat, through the dApp server's /api/agents, or the session's transcript), else
// "Agent #id"; its picture is the identicon of its signer's address (or of its id before the
// registry is read), so it is the same on every page.
import type { Address } from "viem";

export type AgentIdentity = {
  readonly agentId: bigint;
  readonly name: string;
  /** Whether `name` is a real name (not the "Agent #id" fallback). */
  readonly named: boolean;
  /** "ada (#1)" when named, else "Agent #1". */
  readonly label: string;
  /** What the avatar is drawn from. */
  readonly avatarSeed: string;
};

export type AgentFacts = {
  readonly metadataURI?: string | undefined;
  readonly signer?: Address | undefined;
  readonly declaredName?: string | undefined;
};

const jsonDataPrefix = /^data:application\/json(;charset=[\w-]+)?(;base64)?,/i;

/** The "name" of registry metadata carried inline as a data: URI of JSON; undefined otherwise. */
export function metadataName(metadataURI: string | undefined): string | undefined {
  if (metadataURI === undefined) return undefined;
  const prefix = jsonDataPrefix.exec(metadataURI);
  if (prefix === null) return undefined;
  try {
    const body = metadataURI.slice(prefix[0].length);
    const text = prefix[2] ? new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0))) : decodeURIComponent(body);
    const parsed: unknown = JSON.parse(text);
    const name = typeof parsed === "object" && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
    return typeof name === "string" && name.trim() !== "" ? name.trim().slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

export function agentIdentity(agentId: bigint, facts: AgentFacts = {}): AgentIdentity {
  const name = metadataName(facts.metadataURI) ?? (facts.declaredName?.trim() || undefined);
  return {
    agentId,
    name: name ?? `Agent #${agentId}`,
    named: name !== undefined,
    label: name === undefined ? `Agent #${agentId}` : `${name} (#${agentId})`,
    avatarSeed: facts.signer ?? `agent-${agentId}`,
  };
}

export type AgentDirectory = ReadonlyMap<bigint, AgentIdentity>;

/** The identity of `agentId` from the directory, or its fallback before the directory knows it. */
export function identityOf(directory: AgentDirectory, agentId: bigint, fallbackName?: string): AgentIdentity {
  const known = directory.get(agentId);
  if (known !== undefined && (known.named || fallbackName === undefined)) return known;
  return agentIdentity(agentId, { declaredName: fallbackName, signer: known?.avatarSeed.startsWith("0x") ? (known.avatarSeed as Address) : undefined });
}

/**
 * A session's agent names in its agent order: the transcript's (what the session ran them as),
 * else the directory's names; undefined where neither knows one.
 */
export function sessionAgentNames(agentIds: readonly bigint[] | undefined, transcriptNames: readonly string[] | undefined, directory: AgentDirectory): (string | undefined)[] | undefined {
  if (transcriptNames !== undefined) return [...transcriptNames];
  if (agentIds === undefined) return undefined;
  return agentIds.map((id) => {
    const known = directory.get(id);
    return known?.named ? known.name : undefined;
  });
}

// An agent's registry metadata carried inline: a data: URI of JSON with its name (and an optional
// description), the form lib/agent-identity.ts reads names from, so a newly registered agent shows
// by name everywhere without any server. Framework-free.
import { metadataName } from "./agent-identity.ts";

export type AgentMetadata = { readonly name: string; readonly description?: string };

/** Longest name the dApp shows (agent-identity cuts longer ones). */
export const MAX_AGENT_NAME = 64;
const prefix = "data:application/json;charset=utf-8,";

/** `data:application/json;charset=utf-8,{"name":…}`, percent-encoded. */
export function agentMetadataURI(metadata: AgentMetadata): string {
  const description = metadata.description?.trim();
  const body = { name: metadata.name.trim(), ...(description ? { description } : {}) };
  return prefix + encodeURIComponent(JSON.stringify(body));
}

/** The name and description of an inline JSON metadata URI; undefined for anything else. */
export function readAgentMetadata(metadataURI: string): AgentMetadata | undefined {
  const name = metadataName(metadataURI);
  if (name === undefined) return undefined;
  let description: string | undefined;
  if (metadataURI.startsWith(prefix)) {
    try {
      const parsed = JSON.parse(decodeURIComponent(metadataURI.slice(prefix.length))) as { description?: unknown };
      if (typeof parsed.description === "string") description = parsed.description;
    } catch {
      // metadataName read it; a description is a nicety.
    }
  }
  return description === undefined ? { name } : { name, description };
}

/**
 * The metadata URI an update sends: the agent's current one when it is not inline JSON (an
 * `ipfs://` or `https://` document the dApp cannot rewrite) and the operator left the name and
 * description as the form first showed them; otherwise the inline JSON of the form's fields.
 */
export function nextMetadataURI(currentURI: string, shown: Pick<AgentDetails, "name" | "description">, details: Pick<AgentDetails, "name" | "description">): string {
  const edited = details.name.trim() !== shown.name.trim() || details.description.trim() !== shown.description.trim();
  if (readAgentMetadata(currentURI) === undefined && currentURI !== "" && !edited) return currentURI;
  return agentMetadataURI(details);
}

export type AgentDetails = { readonly name: string; readonly modelId: string; readonly description: string };
export type AgentDetailsErrors = Partial<Record<keyof AgentDetails, string>>;

/** The name and model id as the page asks for them (the contract itself refuses only an empty model id: EmptyModelId). */
export function checkAgentDetails(details: AgentDetails): AgentDetailsErrors {
  const errors: { -readonly [K in keyof AgentDetails]?: string } = {};
  const name = details.name.trim();
  if (name === "") errors.name = "Enter a name: the dApp shows the agent by it.";
  else if (name.length > MAX_AGENT_NAME) errors.name = `At most ${MAX_AGENT_NAME} characters.`;
  if (details.modelId.trim() === "") errors.modelId = "Enter the model id, for example openai/gpt-4o (EmptyModelId).";
  else if (details.modelId.trim().length > 200) errors.modelId = "At most 200 characters.";
  if (details.description.length > 500) errors.description = "At most 500 characters.";
  return errors;
}

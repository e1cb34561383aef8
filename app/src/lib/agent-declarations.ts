// What the registered agents declare (GET /api/agents?ids=…), so the form can show what each takes
// before a task is typed; validated at this edge with the server's schema.
import { agentDeclarations, type PreflightAgent } from "@concord/agent-sdk/protocol";
import type { FetchLike } from "./dapp-config.ts";

export async function fetchAgentDeclarations(fetchFn: FetchLike, agentIds: readonly bigint[], signal?: AbortSignal): Promise<PreflightAgent[]> {
  const response = await fetchFn(`/api/agents?ids=${agentIds.join(",")}`, { headers: { accept: "application/json" }, ...(signal ? { signal } : {}) });
  if (!response.ok) throw new Error(`the dApp server answered HTTP ${response.status}`);
  return agentDeclarations.parse(await response.json()).agents;
}

/** One line for a person: "takes arithmetic word problems (runs as ada)", or why it cannot take any. */
export function declarationText(agent: PreflightAgent): string {
  if (!agent.live) return "not running: no heartbeat from its key";
  const takes = agent.capabilities.length === 0 ? "declares no capabilities" : `takes ${agent.capabilities.map((c) => c.replaceAll("-", " ")).join(", ")}`;
  return `${takes} (runs as ${agent.name})`;
}

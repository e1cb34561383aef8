// The model providers an agent can be built on; each returns an AgentDefinition for runAgent.
export { openAiCompatibleAgent, type OpenAiCompatibleAgent, type OpenAiCompatibleOptions } from "./openai-compatible/openai-compatible-agent.ts";
export type { ProviderStatus } from "./openai-compatible/bench.ts";
export type { ResponseFormat } from "./openai-compatible/chat-completions.ts";
export { execAgent, type ExecAgent, type ExecAgentOptions } from "./exec/exec-agent.ts";
export { simulatedAgent, type SimulatedAgentOptions } from "./simulated/simulated-agent.ts";
export { panelMemberAgent, type PanelMemberOptions } from "./simulated/panel-member.ts";
export { DEFAULT_PANEL_MODEL, type PanelModel } from "./simulated/correlated-model.ts";

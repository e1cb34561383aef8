// The model providers an agent can be built on; each returns an AgentDefinition for runAgent.
export { openAiCompatibleAgent, type OpenAiCompatibleAgent, type OpenAiCompatibleOptions } from "./openai-compatible/openai-compatible-agent.ts";
export type { ProviderStatus } from "./openai-compatible/bench.ts";
export type { ResponseFormat } from "./openai-compatible/chat-completions.ts";
export { MAX_REPLY_BYTES } from "./openai-compatible/bounded-body.ts";
export { execAgent, type ExecAgent, type ExecAgentOptions } from "./exec/exec-agent.ts";
export { simulatedAgent, type SimulatedAgentOptions } from "./simulated/simulated-agent.ts";
export { panelMemberAgent, type PanelMemberOptions } from "./simulated/panel-member.ts";
export { attempt, DEFAULT_PANEL_MODEL, judgesCorrect, probit, trapAnswer, type Attempt, type AttemptKind, type PanelModel } from "./simulated/correlated-model.ts";
// Building blocks for provider authors and for reproducible panels.
export { backoffMs, parseRetryAfter, type BackoffOptions } from "./openai-compatible/backoff.ts";
export { extractJsonObject, type Extracted } from "./openai-compatible/extract-json.ts";
export { generateWordProblem, solveWordProblem, type Solution, type WordProblem } from "./simulated/word-problems.ts";
export { generateSequenceProblem, solveSequenceProblem, type SequenceProblem } from "./simulated/sequence-problems.ts";
export { randomInt, seededRandom, type Random } from "./simulated/random.ts";

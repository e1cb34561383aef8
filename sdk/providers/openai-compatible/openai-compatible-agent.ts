// An agent backed by any OpenAI-compatible chat-completions server: vLLM, Ollama's /v1, the
// llama.cpp server, OpenRouter. It asks for JSON, validates it, repairs once, retries transient
// failures within the deadline, and benches itself while its server is down.
import { defineAgent, type AgentDefinition } from "../../agent/define-agent.ts";
import { ConcordError } from "../../protocol/errors.ts";
import type { Usage } from "../../protocol/schemas.ts";
import { validateEvaluation, validateProposal, validateSolve, type Validated } from "../answer-schemas.ts";
import type { BackoffOptions } from "./backoff.ts";
import { createBench, type BenchOptions, type ProviderStatus } from "./bench.ts";
import { chatClient, type ChatClient, type ChatReply, type ResponseFormat } from "./chat-completions.ts";
import { extractJsonObject } from "./extract-json.ts";
import { checkProvider } from "./provider-check.ts";
import { evaluatePrompt, proposePrompt, repairMessages, solvePrompt, type PhasePrompt } from "./prompts.ts";

export interface OpenAiCompatibleOptions {
  /** Subject token for this agent: letters, digits, _ or -. */
  name: string;
  /** Up to and including /v1, e.g. http://127.0.0.1:8000/v1 (vLLM) or http://127.0.0.1:11434/v1 (Ollama). */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …`. */
  apiKey?: string;
  temperature?: number;
  maxTokens?: number;
  /** USD per million tokens, for `usage.costUsd`. */
  price?: { promptPerMTok: number; completionPerMTok: number };
  /** Per HTTP request; default: whatever is left until the task deadline. */
  timeoutMs?: number;
  /** Retries of a transient failure (429, 5xx, network, timeoutMs) per request (default 3). */
  maxRetries?: number;
  /** `json_object` (default), `json_schema`, or `none` for servers that reject response_format. */
  responseFormat?: ResponseFormat;
  backoff?: BackoffOptions;
  bench?: BenchOptions;
  fetch?: typeof fetch;
  /** Clock in epoch ms (injectable so tests can run a cool-down without waiting). */
  now?: () => number;
  random?: () => number;
}

export interface OpenAiCompatibleAgent extends AgentDefinition {
  /** Whether the provider is calling its server or cooling down; for heartbeats. */
  status(): ProviderStatus;
}

export function openAiCompatibleAgent(options: OpenAiCompatibleOptions): OpenAiCompatibleAgent {
  const now = options.now ?? Date.now;
  const label = `${options.name} (${options.model} at ${options.baseUrl})`;
  const client = chatClient({
    baseUrl: options.baseUrl,
    model: options.model,
    apiKey: options.apiKey,
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    responseFormat: options.responseFormat ?? "json_object",
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries ?? 3,
    backoff: options.backoff ?? {},
    fetch: options.fetch ?? fetch,
    now,
    random: options.random ?? Math.random,
  });
  const bench = createBench(label, options.bench ?? {}, now);

  /** Runs one phase through the bench; a bad reply proves the server is up, so it does not count as down. */
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    bench.admit();
    try {
      const result = await run();
      bench.succeeded();
      return result;
    } catch (error) {
      if (error instanceof ConcordError && error.code === "PROVIDER_BAD_OUTPUT") bench.succeeded();
      else bench.failed(error);
      throw prefixed(label, error);
    }
  };

  const agent = defineAgent({
    name: options.name,
    modelId: options.model,
    checkProvider: async () => {
      try {
        await checkProvider({ baseUrl: options.baseUrl, model: options.model, apiKey: options.apiKey, fetch: options.fetch });
      } catch (error) {
        throw prefixed(label, error);
      }
    },
    propose: (context) =>
      guarded(async () => {
        const { value, usage } = await ask(client, proposePrompt(context), context.deadline, validateProposal, options.price, now);
        return { thoughtProcess: value.thoughtProcess, solution: value.solution, usage };
      }),
    evaluate: (context) =>
      guarded(async () => {
        const offered = context.candidates.map((c) => c.label);
        const check = (json: unknown) => validateEvaluation(json, offered);
        const { value, usage } = await ask(client, evaluatePrompt(context), context.deadline, check, options.price, now);
        return { assessments: value.assessments, usage };
      }),
    solve: (context) =>
      guarded(async () => {
        const { value, usage } = await ask(client, solvePrompt(context), context.deadline, validateSolve, options.price, now);
        return { ...value, usage };
      }),
  });
  return { ...agent, status: () => bench.status() };
}

/** One phase: ask, validate, and on an invalid reply ask once more with the reasons appended. */
async function ask<T>(
  client: ChatClient,
  prompt: PhasePrompt,
  deadline: number,
  validate: (json: unknown) => Validated<T>,
  price: OpenAiCompatibleOptions["price"],
  now: () => number,
): Promise<{ value: T; usage: Usage }> {
  const started = now();
  const replies: ChatReply[] = [];
  const usage = () => totalUsage(replies, now() - started, price);
  let messages = prompt.messages;
  for (let pass = 1; ; pass++) {
    const reply = await client.complete(prompt, messages, deadline);
    replies.push(reply);
    const checked = check(reply, validate);
    if (checked.ok) return { value: checked.value, usage: usage() };
    if (pass === 2) {
      const quoted = JSON.stringify(reply.content.slice(0, 200));
      throw new ConcordError("PROVIDER_BAD_OUTPUT", `invalid reply after a repair (${firstLine(checked.problems)}): ${quoted}`);
    }
    messages = repairMessages(prompt, reply.content, checked.problems);
  }
}

function check<T>(reply: ChatReply, validate: (json: unknown) => Validated<T>): Validated<T> {
  const extracted = extractJsonObject(reply.content);
  const checked = extracted.ok ? validate(extracted.json) : extracted;
  if (checked.ok || reply.finishReason !== "length") return checked;
  return { ok: false, problems: `${checked.problems}; the reply was cut off at the token limit, so keep it shorter` };
}

function totalUsage(replies: readonly ChatReply[], latencyMs: number, price: OpenAiCompatibleOptions["price"]): Usage {
  const promptTokens = replies.reduce((sum, r) => sum + r.promptTokens, 0);
  const completionTokens = replies.reduce((sum, r) => sum + r.completionTokens, 0);
  const usage: Usage = { promptTokens, completionTokens, latencyMs };
  // A configured price wins: it is what the operator pays; else what the server says it charged.
  if (price) usage.costUsd = (promptTokens * price.promptPerMTok + completionTokens * price.completionPerMTok) / 1e6;
  else if (replies.every((r) => r.reportedCostUsd !== undefined)) usage.costUsd = replies.reduce((s, r) => s + (r.reportedCostUsd ?? 0), 0);
  return usage;
}

/** Names the agent and endpoint in the message, which is all the transcript will show. */
function prefixed(label: string, error: unknown): unknown {
  if (!(error instanceof ConcordError) || error.message.includes(label)) return error;
  return new ConcordError(error.code, `${label}: ${error.message.slice(error.code.length + 2)}`, { cause: error.cause ?? error });
}

const firstLine = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean).join(" ").slice(0, 300);

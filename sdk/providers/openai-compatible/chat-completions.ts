// One chat completion against an OpenAI-compatible server (vLLM, Ollama, llama.cpp, OpenRouter…),
// with the retries a flaky or busy server needs, and never past the caller's deadline.
import { ConcordError } from "../../protocol/errors.ts";
import { backoffMs, delay, type BackoffOptions } from "./backoff.ts";
import { failureFromNetwork, failureFromResponse, failureFromTimeout, type Failure } from "./http-failures.ts";
import { boundedText, MAX_REPLY_BYTES, ReplyTooLarge } from "./bounded-body.ts";
import type { PhasePrompt, ChatMessage } from "./prompts.ts";

export type ResponseFormat = "json_object" | "json_schema" | "none";

export interface ChatClientOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  temperature?: number;
  maxTokens?: number;
  responseFormat: ResponseFormat;
  /** Per-request limit; a request that runs out is retried if the deadline allows. */
  timeoutMs?: number;
  maxRetries: number;
  backoff: BackoffOptions;
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
}

export interface ChatReply {
  content: string;
  finishReason: string | null;
  promptTokens: number;
  completionTokens: number;
  /** What the server says the call cost (OpenRouter reports `usage.cost`), if it says. */
  reportedCostUsd?: number;
}

export interface ChatClient {
  complete(prompt: PhasePrompt, messages: ChatMessage[], deadline: number): Promise<ChatReply>;
}

export function chatClient(options: ChatClientOptions): ChatClient {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  // Once a server rejects response_format we stop sending it, for every later call too.
  let responseFormat = options.responseFormat;

  const body = (prompt: PhasePrompt, messages: ChatMessage[]) => {
    const request: Record<string, unknown> = { model: options.model, messages, stream: false };
    if (options.temperature !== undefined) request.temperature = options.temperature;
    if (options.maxTokens !== undefined) request.max_tokens = options.maxTokens;
    if (responseFormat === "json_object") request.response_format = { type: "json_object" };
    if (responseFormat === "json_schema") {
      request.response_format = { type: "json_schema", json_schema: { name: prompt.schemaName, schema: prompt.jsonSchema, strict: false } };
    }
    return JSON.stringify(request);
  };

  const attempt = async (payload: string, deadline: number): Promise<ChatReply | Failure> => {
    const remaining = deadline - options.now();
    const limit = Math.min(remaining, options.timeoutMs ?? Infinity);
    const reason = limit < remaining ? "timeoutMs" : "deadline";
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, limit));
    try {
      const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      const response = await options.fetch(url, { method: "POST", headers, body: payload, signal: controller.signal });
      const text = await boundedText(response);
      if (!response.ok) {
        return failureFromResponse(response.status, response.statusText, response.headers.get("retry-after"), text, options, options.now());
      }
      return parseCompletion(text, response.status, options, options.now());
    } catch (cause) {
      if (cause instanceof ReplyTooLarge) {
        return { retry: false, error: new ConcordError("PROVIDER_BAD_OUTPUT", `${url} sent a reply larger than ${MAX_REPLY_BYTES} bytes: not read further`, { cause }) };
      }
      if (controller.signal.aborted) return failureFromTimeout(Math.round(limit), url, cause, reason);
      return failureFromNetwork(cause, url);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async complete(prompt, messages, deadline) {
      let retries = 0;
      let formatRetried = false;
      for (;;) {
        if (deadline - options.now() <= 0) {
          throw new ConcordError("PROVIDER_TIMEOUT", `the task deadline passed before ${url} answered`);
        }
        const outcome = await attempt(body(prompt, messages), deadline);
        if (!("error" in outcome)) return outcome;
        if (outcome.formatRejected && !formatRetried && responseFormat !== "none") {
          formatRetried = true;
          responseFormat = "none";
          continue;
        }
        if (!outcome.retry) throw outcome.error;
        if (retries >= options.maxRetries) throw giveUp(outcome.error, `gave up after ${retries + 1} attempts`);
        const wait = outcome.retryAfterMs ?? backoffMs(retries, options.backoff, options.random);
        const left = deadline - options.now();
        if (wait >= left) throw giveUp(outcome.error, `not retried: the deadline is ${Math.max(0, Math.round(left))} ms away`);
        await delay(wait);
        retries++;
      }
    },
  };
}

/** The last attempt's error, with why we stopped trying; its code says what kept failing. */
function giveUp(error: ConcordError, why: string): ConcordError {
  return new ConcordError(error.code, `${error.message.slice(error.code.length + 2)}; ${why}`, { cause: error.cause ?? error });
}

function parseCompletion(text: string, status: number, endpoint: { baseUrl: string; model: string }, now: number): ChatReply | Failure {
  let json: {
    choices?: { message?: { content?: unknown }; finish_reason?: string | null }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; cost?: unknown };
    error?: unknown;
  };
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return { retry: true, error: new ConcordError("PROVIDER_UNAVAILABLE", `${status} with a body that is not JSON: ${text.slice(0, 200)}`, { cause }) };
  }
  // Some gateways answer 200 with an error object (an upstream provider failed): treat it as one.
  if (!Array.isArray(json.choices) && json.error !== undefined) {
    const code = typeof json.error === "object" && json.error && "code" in json.error && typeof json.error.code === "number" ? json.error.code : 502;
    return failureFromResponse(code, "", null, text, endpoint, now);
  }
  const choice = json.choices?.[0];
  const content = choice?.message?.content;
  const count = (value: unknown) => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0);
  return {
    // A null content (a refusal, a reasoning model that spent its tokens thinking) is an empty reply.
    content: typeof content === "string" ? content : "",
    finishReason: choice?.finish_reason ?? null,
    promptTokens: count(json.usage?.prompt_tokens),
    completionTokens: count(json.usage?.completion_tokens),
    ...(typeof json.usage?.cost === "number" && json.usage.cost >= 0 ? { reportedCostUsd: json.usage.cost } : {}),
  };
}

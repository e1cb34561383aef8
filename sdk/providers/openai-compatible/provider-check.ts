// Whether an OpenAI-compatible server answers at all, without a model call: GET {baseUrl}/models,
// which vLLM, Ollama's /v1, the llama.cpp server and OpenRouter all serve. Any answer but a
// refused key or a server error means it is up (a server without /models still answers 404).
import { ConcordError } from "../../protocol/errors.ts";
import { failureFromNetwork, failureFromResponse } from "./http-failures.ts";
import { boundedText } from "./bounded-body.ts";

/** A check is given this long: a server that cannot list its models in 5 s is not ready for a phase. */
export const PROVIDER_CHECK_TIMEOUT_MS = 5_000;

export interface ProviderCheckOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Resolves when the server answers; throws PROVIDER_UNAVAILABLE or PROVIDER_UNAUTHORIZED with why. */
export async function checkProvider(options: ProviderCheckOptions): Promise<void> {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/models`;
  const timeoutMs = options.timeoutMs ?? PROVIDER_CHECK_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    if (cause instanceof Error && cause.name === "TimeoutError") {
      throw new ConcordError("PROVIDER_UNAVAILABLE", `no answer from ${url} within ${timeoutMs} ms`, { cause });
    }
    throw failureFromNetwork(cause, url).error;
  }
  const body = await boundedText(response, 64 * 1024).catch(() => "");
  if (response.status === 401 || response.status === 403 || response.status >= 500) {
    throw failureFromResponse(response.status, response.statusText, null, body, options, Date.now()).error;
  }
}

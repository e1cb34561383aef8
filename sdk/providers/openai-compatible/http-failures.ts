// Turns a failed chat-completions call into a ConcordError and a decision: retry or not. The
// message keeps the server's own words, because it travels verbatim to the session transcript.
import { STATUS_CODES } from "node:http";
import { ConcordError } from "../../protocol/errors.ts";
import { parseRetryAfter } from "./backoff.ts";

export interface Failure {
  error: ConcordError;
  retry: boolean;
  /** The server asked us to wait this long (429/503 Retry-After). */
  retryAfterMs?: number;
  /** A 400 that blames response_format: the caller retries once without it. */
  formatRejected?: boolean;
}

export interface Endpoint {
  baseUrl: string;
  model: string;
}

const MODEL_MISSING = /model.{0,80}(not found|does not exist|not exist|unknown|not available|no such)|unknown model|no such model|not a valid model|invalid model/i;
const FORMAT_REJECTED = /response_format|json_schema|json_object|structured output/i;

export function failureFromResponse(status: number, statusText: string, retryAfter: string | null, body: string, endpoint: Endpoint, now: number): Failure {
  const message = serverMessage(body);
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter, now) : undefined;
  const wait = retryAfterMs === undefined ? "" : ` (retry after ${Math.ceil(retryAfterMs / 1_000)} s)`;
  const line = `${status} ${statusText || STATUS_CODES[status] || "HTTP error"}${wait}: ${message}`;
  if (status === 401 || status === 403) {
    return { retry: false, error: new ConcordError("PROVIDER_UNAUTHORIZED", `${line} (check the API key for ${endpoint.baseUrl})`) };
  }
  if (status === 400 && FORMAT_REJECTED.test(message)) {
    return { retry: false, formatRejected: true, error: new ConcordError("PROVIDER_REJECTED", line) };
  }
  if (status === 404 || (status >= 400 && status < 500 && MODEL_MISSING.test(message))) {
    const hint = status === 404 && !MODEL_MISSING.test(message) ? ` (or ${endpoint.baseUrl}/chat/completions does not exist)` : "";
    return {
      retry: false,
      error: new ConcordError("PROVIDER_UNKNOWN_MODEL", `model "${endpoint.model}" is not served at ${endpoint.baseUrl}${hint}: ${line}`),
    };
  }
  // 408/425/429 and 5xx are the server's "not now"; any other 4xx will fail the same way again.
  const transient = status === 408 || status === 425 || status === 429 || status >= 500;
  return {
    retry: transient,
    retryAfterMs,
    error: new ConcordError(transient ? "PROVIDER_UNAVAILABLE" : "PROVIDER_REJECTED", line),
  };
}

export function failureFromNetwork(cause: unknown, url: string): Failure {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : undefined;
  const code = inner && "code" in inner ? ` ${String(inner.code)}` : "";
  const what = inner?.message ?? (cause instanceof Error ? cause.message : String(cause));
  return { retry: true, error: new ConcordError("PROVIDER_UNAVAILABLE", `cannot reach ${url}:${code} ${what}`.trim(), { cause }) };
}

export function failureFromTimeout(ms: number, url: string, cause: unknown, reason: "deadline" | "timeoutMs"): Failure {
  const why = reason === "deadline" ? "the task deadline" : "timeoutMs";
  return {
    // A per-request timeout leaves time to try again; the deadline does not.
    retry: reason === "timeoutMs",
    error: new ConcordError("PROVIDER_TIMEOUT", `no reply from ${url} within ${ms} ms (${why})`, { cause }),
  };
}

/** The error text servers put in their bodies: OpenAI, vLLM, Ollama and llama.cpp each differ. */
export function serverMessage(body: string): string {
  const text = body.trim();
  try {
    const json = JSON.parse(text) as { error?: unknown; message?: unknown; detail?: unknown };
    const error = json.error;
    if (typeof error === "string") return error;
    if (error && typeof error === "object" && "message" in error && typeof error.message === "string") return error.message;
    if (typeof json.message === "string") return json.message;
    if (typeof json.detail === "string") return json.detail;
  } catch {
    // Not JSON: a proxy's HTML page or plain text; show its start.
  }
  return text.length === 0 ? "(empty body)" : text.replace(/\s+/g, " ").slice(0, 500);
}

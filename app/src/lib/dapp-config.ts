// The page's config (deployment record + live-update endpoint), validated against the one schema
// in sdk/protocol (the edge: after this it is trusted). The dApp server inlines it into index.html
// so the first render waits for no request; without it (e.g. vite's dev server) it is fetched.
import { ConcordError, type DappConfig, dappConfigSchema } from "@concord/agent-sdk/protocol";
import { describeIssues, parseInlineJson } from "./inline-json.ts";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Validates a config read from `source` (for the error message). */
export function parseDappConfig(body: unknown, source: string): DappConfig {
  const parsed = dappConfigSchema.safeParse(body);
  if (!parsed.success) {
    throw new ConcordError("CONFIG_INVALID", `${source} is not a valid dApp config: ${describeIssues(parsed.error.issues)}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** The config inlined as JSON text (the script element's content), or undefined when absent. */
export function readInlineDappConfig(text: string | null | undefined): DappConfig | undefined {
  const body = parseInlineJson(text, "the inline dApp config is not JSON");
  return body === undefined ? undefined : parseDappConfig(body, "the inline dApp config");
}

export async function loadDappConfig(fetchFn: FetchLike, url: string): Promise<DappConfig> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: "application/json" } });
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `could not fetch ${url}`, { cause });
  }
  if (!response.ok) {
    throw new ConcordError("CONFIG_INVALID", `${url} answered HTTP ${response.status}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `${url} is not JSON`, { cause });
  }
  return parseDappConfig(body, url);
}

// POST /api/jobs from the page: asks the dApp server to queue a created session's job, with the
// submitter's JobRequest signature (the hook signs jobRequestTypedData with the connected wallet).
// The answer is validated here (the edge); a refusal comes back as its code and message to show.
import { z } from "zod";
import type { Hex } from "viem";
import type { FetchLike } from "./dapp-config.ts";

const accepted = z.object({ sessionId: z.string(), agents: z.array(z.string()), minRounds: z.number(), maxRounds: z.number(), effort: z.number() });
const refused = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type PostJobResult =
  | { readonly ok: true; readonly agents: readonly string[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

export async function postJob(fetchFn: FetchLike, body: { sessionId: string; task: string; effort: number; signature: Hex }): Promise<PostJobResult> {
  let response: Response;
  let json: unknown;
  try {
    response = await fetchFn("/api/jobs", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    json = await response.json();
  } catch (cause) {
    return { ok: false, code: "NETWORK", message: `the dApp server did not answer: ${cause instanceof Error ? cause.message : String(cause)}` };
  }
  if (response.ok) {
    const parsed = accepted.safeParse(json);
    return parsed.success ? { ok: true, agents: parsed.data.agents } : { ok: false, code: "BAD_ANSWER", message: "the dApp server's answer was not understood" };
  }
  const parsed = refused.safeParse(json);
  return parsed.success
    ? { ok: false, code: parsed.data.error.code, message: parsed.data.error.message }
    : { ok: false, code: `HTTP_${response.status}`, message: `the dApp server answered HTTP ${response.status}` };
}

// Reads a session's public transcript from the dApp server (GET /api/sessions/:id) and validates
// it at this edge with the schema the server answers with.
import { z } from "zod";
import { sessionTranscript, type SessionTranscript } from "@concord/agent-sdk/protocol";

/** A transcript, or why there is none (the page then shows what the chain knows). */
export type TranscriptResult =
  | { readonly kind: "transcript"; readonly transcript: SessionTranscript }
  | { readonly kind: "not-started" }
  | { readonly kind: "unavailable"; readonly reason: string };

const apiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export function transcriptUrl(sessionId: bigint | string): string {
  return `/api/sessions/${sessionId}`;
}

export async function fetchTranscript(fetcher: typeof fetch, sessionId: bigint | string, signal?: AbortSignal): Promise<TranscriptResult> {
  const res = await fetcher(transcriptUrl(sessionId), { signal, headers: { accept: "application/json" } });
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) {
    const parsed = sessionTranscript.safeParse(body);
    if (!parsed.success) return { kind: "unavailable", reason: `the transcript failed its schema: ${z.prettifyError(parsed.error)}` };
    return { kind: "transcript", transcript: parsed.data };
  }
  if (res.status === 404) return { kind: "not-started" };
  const error = apiError.safeParse(body);
  return { kind: "unavailable", reason: error.success ? error.data.error.message : `HTTP ${res.status}` };
}

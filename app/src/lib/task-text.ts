// The text of a task the chain knows only by its hash (a session created without a taskURI, such
// as `npm start`'s), from the session's public transcript on the dApp server, and only when it
// hashes to the session's taskHash: the list never shows a text the chain does not vouch for.
import { keccak256, stringToBytes, type Hex } from "viem";

export type FetchLike = typeof fetch;

/** The task's text, or undefined when the server has no transcript or its task is not the one hashed on chain. */
export async function publishedTaskText(fetcher: FetchLike, sessionId: bigint | string, taskHash: Hex, signal?: AbortSignal): Promise<string | undefined> {
  // The transcript's schema (full zod) loads only when a session needs it, not with the list.
  const { fetchTranscript } = await import("./transcript-api.ts");
  const result = await fetchTranscript(fetcher, sessionId, signal);
  if (result.kind !== "transcript") return undefined;
  const task = result.transcript.task;
  return task !== undefined && keccak256(stringToBytes(task)).toLowerCase() === taskHash.toLowerCase() ? task : undefined;
}

// The texts of the listed tasks the chain knows only by hash (lib/task-text.ts), by session id,
// as they arrive; each read once, and again only when the server had none yet.
import { useQueries } from "@tanstack/react-query";
import type { Hex } from "viem";
import { publishedTaskText } from "../lib/task-text.ts";

export function useTaskTexts(rows: readonly { readonly id: string; readonly taskHashOnly: Hex | undefined }[]): ReadonlyMap<string, string> {
  const wanted = rows.filter((r): r is { id: string; taskHashOnly: Hex } => r.taskHashOnly !== undefined);
  return useQueries({
    queries: wanted.map((row) => ({
      queryKey: ["concord", "taskText", row.id, row.taskHashOnly],
      queryFn: async ({ signal }: { signal: AbortSignal }) => (await publishedTaskText(fetch, row.id, row.taskHashOnly, signal)) ?? null,
      // A verified text never changes; a session not started yet may publish one later.
      staleTime: (query: { state: { data: string | null | undefined } }) => (typeof query.state.data === "string" ? Infinity : 30_000),
      retry: false,
    })),
    combine: (results) => {
      const texts = new Map<string, string>();
      results.forEach((r, i) => {
        if (typeof r.data === "string") texts.set(wanted[i]!.id, r.data);
      });
      return texts;
    },
  });
}

// What a deliberation cost in tokens, in OpenAI's usage shape: every model call the agents
// reported (proposals and evaluations, every round), summed. Agents whose provider reports no
// usage (the simulated ones) add nothing, so a panel of them costs 0 tokens.
import type { SessionSnapshot } from "../state/snapshot.ts";
import type { CompletionUsage } from "./chat-completion-body.ts";

export function sessionUsage(snapshot: Pick<SessionSnapshot, "rounds"> | undefined): CompletionUsage {
  const usages = (snapshot?.rounds ?? []).flatMap((r) => [...r.proposals, ...r.evaluations].map((m) => m?.usage));
  const prompt = usages.reduce((sum, u) => sum + (u?.promptTokens ?? 0), 0);
  const completion = usages.reduce((sum, u) => sum + (u?.completionTokens ?? 0), 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

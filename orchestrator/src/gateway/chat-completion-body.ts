// The OpenAI completion objects the gateway answers with: a whole completion, and the chunks of a
// stream (`chat.completion.chunk`), each carrying the `concord` field once it is known.
import type { ChatCompletionConcord } from "@concord/agent-sdk/protocol";

export type CompletionHead = { readonly id: string; readonly model: string; readonly created: number };

export function completionHead(model: string, sessionHint: string): CompletionHead {
  return { id: `chatcmpl-concord-${sessionHint}`, model, created: Math.floor(Date.now() / 1000) };
}

/** OpenAI's usage block: the tokens every agent's model calls of the session reported, summed. */
export type CompletionUsage = { readonly prompt_tokens: number; readonly completion_tokens: number; readonly total_tokens: number };

export function chatCompletion(head: CompletionHead, answer: string, concord: ChatCompletionConcord, usage: CompletionUsage) {
  return {
    ...head, object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content: answer, refusal: null }, finish_reason: "stop", logprobs: null }],
    usage,
    concord,
  };
}

/** A stream's chunk; the last one (finish_reason "stop") carries `concord` and `usage`. */
export function chatChunk(
  head: CompletionHead, delta: { role?: "assistant"; content?: string }, finishReason: "stop" | null,
  concord?: ChatCompletionConcord, usage?: CompletionUsage,
) {
  return {
    ...head, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...(concord ? { concord } : {}), ...(usage ? { usage } : {}),
  };
}

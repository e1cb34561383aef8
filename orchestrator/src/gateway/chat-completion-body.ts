// The OpenAI completion objects the gateway answers with: a whole completion, and the chunks of a
// stream (`chat.completion.chunk`), each carrying the `concord` field once it is known.
import type { ChatCompletionConcord } from "@concord/agent-sdk/protocol";

export type CompletionHead = { readonly id: string; readonly model: string; readonly created: number };

export function completionHead(model: string, sessionHint: string): CompletionHead {
  return { id: `chatcmpl-concord-${sessionHint}`, model, created: Math.floor(Date.now() / 1000) };
}

export function chatCompletion(head: CompletionHead, answer: string, concord: ChatCompletionConcord) {
  return {
    ...head, object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content: answer, refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    concord,
  };
}

export function chatChunk(
  head: CompletionHead, delta: { role?: "assistant"; content?: string }, finishReason: "stop" | null, concord?: ChatCompletionConcord,
) {
  return { ...head, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...(concord ? { concord } : {}) };
}

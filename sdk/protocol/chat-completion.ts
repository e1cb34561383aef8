// The OpenAI-compatible chat gateway's wire shapes (POST /v1/chat/completions, GET /v1/models):
// what a client sends, and the `concord` field the gateway adds to its answers. Only the fields
// the gateway reads are checked; the rest of an OpenAI request (temperature, ...) is ignored.
import { z } from "zod";
import { OUTCOME_LABELS } from "./halting.ts";
import { decimalId } from "./schemas.ts";

const textPart = z.object({ type: z.literal("text"), text: z.string() });

export const chatMessage = z.object({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(textPart), z.null()]).optional(),
});

export const chatCompletionRequest = z.object({
  model: z.string().min(1).max(200),
  messages: z.array(chatMessage).min(1).max(256),
  stream: z.boolean().optional(),
});

/** What the deliberation behind an answer was: the extra `concord` field of a completion. */
export const chatCompletionConcord = z.object({
  sessionId: decimalId,
  /** The panel (NATS names) in on-chain order. */
  agents: z.array(z.string()),
  rounds: z.number().int().min(0),
  outcome: z.enum(OUTCOME_LABELS).optional(),
  /** The last recorded round's scores, in panel order. */
  scores: z.array(z.number().int()),
  winner: z.string(),
  settledTxHash: z.string(),
});

export type ChatMessage = z.infer<typeof chatMessage>;
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;
export type ChatCompletionConcord = z.infer<typeof chatCompletionConcord>;

/** The text of a message, its text parts joined. */
export function chatMessageText(message: ChatMessage): string {
  const { content } = message;
  if (content === undefined || content === null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

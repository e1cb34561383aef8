// The answers a provider must get back from a model or an exec agent, validated at that edge.
// Built from the protocol's own schemas so a reply that passes here passes the SDK too. The exec
// bridge imports these as well: one definition of "a valid answer" for every provider.
import { z } from "zod";
import { MAX_PROPOSAL_CHARS } from "../protocol/limits.ts";
import { evaluateResult, proposalBody, usage, type Usage } from "../protocol/schemas.ts";
import type { EvaluationAnswer, ProposalAnswer, SolveAnswer } from "../agent/define-agent.ts";

export const proposeReply = proposalBody;
export const evaluateReply = z.object({ evaluations: evaluateResult.shape.evaluations });
/** A single-shot solve: the solution and how sure the model is of it. */
export const solveReply = z.object({
  thoughtProcess: z.string().max(MAX_PROPOSAL_CHARS).optional(),
  solution: z.string().min(1).max(MAX_PROPOSAL_CHARS),
  confidence: z.number().min(0).max(1),
});

// Exec agents may report what their own model calls cost; a language model's reply may not
// (a usage object it wrote would be invented), so the model schemas drop the key.
const execProposeReply = proposeReply.extend({ usage: usage.optional() });
const execEvaluateReply = evaluateReply.extend({ usage: usage.optional() });

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: string };
export interface ValidateOptions {
  /** Accept a `usage` object in the answer (exec agents only). */
  withUsage?: boolean;
}

export function validateProposal(json: unknown, options: ValidateOptions = {}): Validated<ProposalAnswer> {
  const parsed = (options.withUsage ? execProposeReply : proposeReply).safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: z.prettifyError(parsed.error) };
}

export function validateSolve(json: unknown): Validated<SolveAnswer> {
  const parsed = solveReply.safeParse(json);
  return parsed.success
    ? { ok: true, value: { solution: parsed.data.solution, confidence: parsed.data.confidence } }
    : { ok: false, problems: z.prettifyError(parsed.error) };
}

/**
 * Besides the shape, every offered label must be assessed exactly once: a candidate left out
 * would silently get a zero vote, and an invented label would be dropped by the SDK.
 */
export function validateEvaluation(json: unknown, offered: readonly string[], options: ValidateOptions = {}): Validated<EvaluationAnswer> {
  const parsed = (options.withUsage ? execEvaluateReply : evaluateReply).safeParse(json);
  if (!parsed.success) return { ok: false, problems: z.prettifyError(parsed.error) };
  const labels = parsed.data.evaluations.map((e) => e.label);
  const missing = offered.filter((label) => !labels.includes(label));
  const unknown = labels.filter((label) => !offered.includes(label));
  const repeated = [...new Set(labels.filter((label, i) => labels.indexOf(label) !== i))];
  const problems = [
    missing.length > 0 ? `no assessment for ${missing.join(", ")}` : "",
    unknown.length > 0 ? `${unknown.join(", ")} ${unknown.length === 1 ? "was" : "were"} not offered` : "",
    repeated.length > 0 ? `${repeated.join(", ")} assessed more than once` : "",
  ].filter(Boolean);
  if (problems.length > 0) return { ok: false, problems: `${problems.join("; ")} (assess exactly: ${offered.join(", ")})` };
  const answer: EvaluationAnswer = { assessments: parsed.data.evaluations };
  const reported = (parsed.data as { usage?: Usage }).usage;
  if (reported) answer.usage = reported;
  return { ok: true, value: answer };
}

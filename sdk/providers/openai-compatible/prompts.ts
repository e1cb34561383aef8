// What a chat model is asked in each phase. The model sees the task, masked labels and its own
// work only; no agent name ever reaches a prompt, so masking holds whatever the model is told.
import { z } from "zod";
import type { EvaluateContext, ProposeContext, SolveContext } from "../../agent/define-agent.ts";
import { MAX_ENDORSEMENT } from "../../protocol/limits.ts";
import { evaluateReply, proposeReply, solveReply } from "../answer-schemas.ts";
import { renderFeedback } from "./render-feedback.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface PhasePrompt {
  messages: ChatMessage[];
  /** For servers that take `response_format: json_schema`. */
  schemaName: string;
  jsonSchema: Record<string, unknown>;
}

const PANEL =
  "You are one member of a panel of independent experts deliberating on a task over several rounds. " +
  "Each round every member proposes a solution, then scores the other members' proposals without knowing who wrote them. " +
  "Proposals are judged on correctness first, then on completeness and clarity.";

const PROPOSE_FORMAT =
  'Reply with one JSON object and nothing else: {"thoughtProcess": "<your reasoning, concise>", "solution": "<your final answer, complete and self-contained>"}';

const EVALUATE_FORMAT = [
  'Reply with one JSON object and nothing else: {"evaluations": [ one entry per candidate ]}, each entry:',
  `{"label": "Candidate_A", "endorsement": <integer from -${MAX_ENDORSEMENT} to ${MAX_ENDORSEMENT}>, "stance": "support" | "oppose" | "neutral",`,
  ' "justification": "<why, briefly>", "claims": [{"claim": "<a claim the candidate makes>", "verdict": "agree" | "disagree" | "uncertain"}],',
  ' "isFinalSolution": <true if this candidate is correct and complete enough to be the final answer>}',
  "A positive endorsement means you believe the candidate is right; negative, wrong; the size says how sure you are.",
  "List in claims the key claims you checked (at most 5); claims others dispute are fed back to the panel.",
].join("\n");

// Computed once: the schemas are fixed, and some servers compile each distinct schema they see.
const PROPOSAL_SCHEMA = z.toJSONSchema(proposeReply, { io: "input" }) as Record<string, unknown>;
const EVALUATION_SCHEMA = z.toJSONSchema(evaluateReply, { io: "input" }) as Record<string, unknown>;
const SOLVE_SCHEMA = z.toJSONSchema(solveReply, { io: "input" }) as Record<string, unknown>;

const SOLVE_FORMAT =
  'Reply with one JSON object and nothing else: {"thoughtProcess": "<your reasoning, concise>", "solution": "<your final answer only>", ' +
  '"confidence": <a number from 0 to 1: how likely your answer is right>}';

/** A plain solve, alone (no panel): what the quality benchmark's baselines ask. */
export function solvePrompt(context: SolveContext): PhasePrompt {
  return {
    messages: [
      { role: "system", content: "You are an expert problem solver. Solve the task on your own and say how sure you are." },
      { role: "user", content: [`Task:\n${context.task}`, SOLVE_FORMAT].join("\n\n") },
    ],
    schemaName: "solution",
    jsonSchema: SOLVE_SCHEMA,
  };
}

export function proposePrompt(context: ProposeContext): PhasePrompt {
  const user = [`Task:\n${context.task}`];
  if (context.feedback) user.push(renderFeedback(context.feedback));
  user.push(PROPOSE_FORMAT);
  return {
    messages: [
      { role: "system", content: `${PANEL} This is round ${context.round}: propose your solution.` },
      { role: "user", content: user.join("\n\n") },
    ],
    schemaName: "proposal",
    jsonSchema: PROPOSAL_SCHEMA,
  };
}

export function evaluatePrompt(context: EvaluateContext): PhasePrompt {
  const labels = context.candidates.map((c) => c.label);
  const candidates = context.candidates.map((c) =>
    [`### ${c.label}`, `Reasoning:\n${c.thoughtProcess || "(none given)"}`, `Solution:\n${c.solution}`].join("\n"),
  );
  const user = [
    `Task:\n${context.task}`,
    [
      "## Your own proposal (a baseline for comparison; do not assess it)",
      `Reasoning:\n${context.ownProposal.thoughtProcess || "(none given)"}`,
      `Solution:\n${context.ownProposal.solution}`,
    ].join("\n"),
    `## Candidates\n\n${candidates.join("\n\n")}`,
    `Assess exactly these candidates, once each: ${labels.join(", ")}. ` +
      "Judge each on its merits; agreeing with your own proposal is evidence only if your proposal is right.",
    EVALUATE_FORMAT,
  ];
  return {
    messages: [
      { role: "system", content: `${PANEL} This is round ${context.round}: evaluate the other members' proposals.` },
      { role: "user", content: user.join("\n\n") },
    ],
    schemaName: "evaluation",
    jsonSchema: EVALUATION_SCHEMA,
  };
}

/** The one follow-up a malformed reply gets: the model's own reply and what was wrong with it. */
export function repairMessages(prompt: PhasePrompt, reply: string, problems: string): ChatMessage[] {
  return [
    ...prompt.messages,
    { role: "assistant", content: reply },
    {
      role: "user",
      content: `Your reply was invalid because:\n${problems}\n\nReply again with only the corrected JSON object, in the format asked for.`,
    },
  ];
}

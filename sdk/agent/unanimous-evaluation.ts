// When every candidate repeats the evaluator's own answer, no check can change which answer the
// round picks: whichever proposal wins, the answer is that one. The SDK then endorses them all
// itself instead of asking the model, and says so: a unanimous round costs its proposals only.
// Answers are compared as the agents gave them, trimmed (a number, a short phrase); answers that
// differ in any other way are left to the model. An agent that wants its model to weigh even a
// unanimous round (to question a shared mistake, say) opts out (RunAgentOptions.askModelWhenUnanimous).
import type { EvaluateTask } from "../protocol/schemas.ts";
import type { CandidateAssessment, EvaluationAnswer } from "./define-agent.ts";

/** The justification of an endorsement the SDK gave without the model. */
export const UNANIMOUS_JUSTIFICATION = "the same answer as mine: every candidate repeats it, so no check can change the round's answer";

/** The evaluation of a unanimous round (no usage: no model was asked), or undefined when any answer differs. */
export function unanimousEvaluation(task: Pick<EvaluateTask, "ownProposal" | "candidates">): EvaluationAnswer | undefined {
  const own = task.ownProposal.solution.trim();
  if (own === "" || !task.candidates.every((c) => c.solution.trim() === own)) return undefined;
  return {
    assessments: task.candidates.map((c): CandidateAssessment => ({
      label: c.label,
      endorsement: 100,
      justification: UNANIMOUS_JUSTIFICATION,
      stance: "support",
      claims: [{ claim: `the answer is ${own}`, verdict: "agree" }],
      isFinalSolution: true,
    })),
  };
}

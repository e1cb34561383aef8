// The agent the protocol benches run: it answers at once, with a fixed short solution and the same
// endorsement (+60) for every candidate, so what is timed is the protocol and not a model.
import { defineAgent } from "@concord/agent-sdk/agent";

export const INSTANT_SOLUTION = { thoughtProcess: "12 × 18 = 216 rolls; 216 − 25 = 191.", solution: "191" };
export const INSTANT_MODEL_ID = "instant@bench";

export function instantAgent(name: string) {
  return defineAgent({
    name, modelId: INSTANT_MODEL_ID,
    propose: async () => INSTANT_SOLUTION,
    evaluate: async (ctx) => ({
      assessments: ctx.candidates.map((c) => ({
        label: c.label, endorsement: 60, justification: "checked", stance: "support" as const, isFinalSolution: true,
      })),
    }),
  });
}

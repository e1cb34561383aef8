// The round-one bound: the best pick per pattern of round 1, learned on other draws of a panel and
// scored on the run's tasks, and the in-sample best that no rule of those patterns can pass.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AgentDefinition } from "@concord/agent-sdk/agent";
import { observeRoundOne, roundOneBound } from "@concord/bench/quality/round-one-bound.ts";
import type { BenchTask } from "@concord/bench/quality/task-set.ts";

const usage = { promptTokens: 1, completionTokens: 1 };
const tasks: BenchTask[] = ["10", "20", "30", "40"].map((answer, i) => ({ id: `t${i}`, problem: `task ${i}`, answer }));
const truth = (task: string) => tasks.find((t) => t.problem === task)!.answer;

/** A member that answers `answer(task)` and endorses exactly the candidates `endorses` accepts. */
function member(name: string, answer: (task: string) => string, endorses: (task: string, solution: string) => boolean): AgentDefinition {
  return {
    name, modelId: "fake",
    async propose({ task }) {
      return { thoughtProcess: "", solution: answer(task), usage };
    },
    async evaluate({ task, candidates }) {
      return {
        usage,
        assessments: candidates.map((c) => ({
          label: c.label, endorsement: endorses(task, c.solution) ? 70 : -70, justification: "", stance: "neutral" as const, claims: [], isFinalSolution: false,
        })),
      };
    },
  };
}

const wrong = (task: string) => `${Number(truth(task)) + 1}`;

describe("round-one bound", () => {
  it("keys round 1 by who agrees and every check's sign, and says whose answer is right", async () => {
    const panel = [member("ada", truth, (t, s) => s === truth(t)), member("bram", wrong, () => true), member("chloe", truth, () => false)];
    const o = await observeRoundOne(panel, tasks[0]!);
    // ada and chloe agree (position 0), bram differs; ada rejects bram and endorses chloe, bram endorses both, chloe rejects both.
    assert.equal(o.key, "|0,1,0|-11/11/-1-1");
    assert.deepEqual(o.right, [true, false, true]);
  });

  it("learns the right member's answer where the pattern tells it", async () => {
    const panel = [member("ada", truth, (t, s) => s === truth(t)), member("bram", wrong, () => true)];
    const bound = await roundOneBound(panel, () => panel, tasks, 3);
    assert.deepEqual(bound, { learned: 1, trainingTasks: 12, inSample: 1 });
  });

  it("cannot beat a pattern that says nothing, and the in-sample best bounds the learned pick", async () => {
    // Trained where ada is always right; in the run ada is right on the even tasks, bram on the odd ones.
    const even = (task: string) => Number(truth(task)) % 20 === 0;
    const trained = [member("ada", truth, () => true), member("bram", wrong, () => true)];
    const run = [member("ada", (t) => (even(t) ? wrong(t) : truth(t)), () => true), member("bram", (t) => (even(t) ? truth(t) : wrong(t)), () => true)];
    const bound = await roundOneBound(run, () => trained, tasks, 2);
    assert.equal(bound.learned, 0.5);
    assert.equal(bound.inSample, 0.5);
    assert.ok(bound.inSample >= bound.learned);
  });
});

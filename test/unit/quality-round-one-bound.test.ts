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
    // QV votes of ±70 endorsements over two candidates at 10 000 credits: ±√5000 = ±70; none for oneself.
    assert.deepEqual(o.votes, [[0, -70, 70], [70, 0, 70], [-70, -70, 0]]);
  });

  it("learns the right member's answer where the pattern tells it", async () => {
    const panel = [member("ada", truth, (t, s) => s === truth(t)), member("bram", wrong, () => true)];
    const bound = await roundOneBound(panel, () => panel, tasks, 3);
    assert.deepEqual({ ...bound, tally: undefined }, { learned: 1, trainingTasks: 12, inSample: 1, tally: undefined });
  });

  it("tallies round 1 as the contract does, with equal weights and with weights from each member's accuracy", async () => {
    // ada is right and endorses only right answers; bram and chloe share a wrong answer and endorse each other's and reject ada's.
    const panel = [
      member("ada", truth, (t, s) => s === truth(t)),
      member("bram", wrong, (t, s) => s === wrong(t)),
      member("chloe", wrong, (t, s) => s === wrong(t)),
    ];
    const bound = await roundOneBound(panel, () => panel, tasks, 2, { "": [3, 1, 1] });
    // Equal weights: ada's answer −140, bram's and chloe's 0 each (+70 from the partner, −70 from ada): the trap wins.
    assert.equal(bound.tally.equal, 0);
    // Always right: the weight of a history endorsed in all of 8 sessions (the bucket of (8 + 5) / (8 + 10) in 32nds, 23:
    // 1 + round(4·ln(q/(1−q))) at q = 23.5/32 → 5); never right: 1. ada's −70 counted 5 times sinks both trap answers
    // (+70 − 350) below ada's −140.
    assert.deepEqual(bound.tally.weights, { "": [5, 1, 1] });
    assert.equal(bound.tally.trueWeights, 1);
    // Given weights 3 / 1 / 1: each trap answer's +70 − 210 ties ada's −140, a three-way tie with one right answer.
    assert.equal(bound.tally.endWeights, 1 / 3);
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

  it("weighs each member by its accuracy in the task's family, as Concord keeps a history per family", async () => {
    // Specialists: ada is right on arith and wrong on seq, bram the reverse; each endorses only what it would answer.
    const family = (task: string) => (Number(truth(task)) <= 20 ? "arith" : "seq");
    const byFamily = tasks.map((t) => ({ ...t, family: family(t.problem) as "arith" | "seq" }));
    const answers = (good: "arith" | "seq") => (task: string) => (family(task) === good ? truth(task) : wrong(task));
    const ada = answers("arith");
    const bram = answers("seq");
    const panel = [member("ada", ada, (t, s) => s === ada(t)), member("bram", bram, (t, s) => s === bram(t))];
    const bound = await roundOneBound(panel, () => panel, byFamily, 2);
    assert.deepEqual(bound.tally.weights, { arith: [3, 1], seq: [1, 3] });
    // Each rejects the other's answer: with equal weights both score −70, a tie (a draw); with the family's weights the
    // member right in that family rejects the other's answer 3 times over (−210 against −70), so its own answer wins.
    assert.equal(bound.tally.equal, 0.5);
    assert.equal(bound.tally.trueWeights, 1);
  });
});

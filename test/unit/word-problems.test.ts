import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateWordProblem, seededRandom, simulatedAgent, solveWordProblem } from "@concord/agent-sdk/providers";

describe("simulated word problems", () => {
  it("the solver recovers the generator's answer from the text alone", () => {
    const random = seededRandom("unit");
    for (let i = 0; i < 500; i++) {
      const problem = generateWordProblem(random);
      assert.equal(solveWordProblem(problem.text).answer, problem.answer, problem.text);
    }
  });
  it("refuses text outside the family with a reason", () => {
    assert.throws(() => solveWordProblem("Ada flies to the moon."), /cannot parse sentence/);
  });
  it("a skill-1 agent always proposes the right answer; a skill-0 agent never does", async () => {
    const random = seededRandom("skill");
    const perfect = simulatedAgent({ name: "p", skill: 1 });
    const hopeless = simulatedAgent({ name: "h", skill: 0 });
    for (let round = 1; round <= 20; round++) {
      const problem = generateWordProblem(random);
      const context = { sessionId: "1", round, task: problem.text, deadline: Date.now() + 1_000 };
      assert.equal(Number((await perfect.propose(context)).solution), problem.answer);
      assert.notEqual(Number((await hopeless.propose(context)).solution), problem.answer);
    }
  });
  it("shows its working step by step as its reasoning, a slip in the last step when it erred", async () => {
    const task = "Ada has 12 apples. Ada buys 3 boxes with 4 apples each. Ada gives 2 apples to a friend. How many apples does Ada have now?";
    const context = { sessionId: "1", round: 1, task, deadline: Date.now() + 1_000 };
    const right = await simulatedAgent({ name: "p", skill: 1 }).propose(context);
    assert.equal(right.thoughtProcess, "start with 12 → 12; add 3×4 → 24; subtract 2 → 22");
    const wrong = await simulatedAgent({ name: "h", skill: 0 }).propose(context);
    assert.equal(wrong.thoughtProcess, `start with 12 → 12; add 3×4 → 24; subtract 2 → ${wrong.solution}`);
  });
});

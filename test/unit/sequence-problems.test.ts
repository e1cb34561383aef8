// The second simulated task family: next terms of integer sequences, seeded and solvable from the text.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateSequenceProblem, seededRandom, solveSequenceProblem } from "@concord/agent-sdk/providers";
import { proceduralSet } from "@concord/bench/quality/task-set.ts";

const batch = (seed: string, n: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => generateSequenceProblem(random));
};

describe("sequence problems", () => {
  it("solves each rule of the family from the text alone", () => {
    assert.deepEqual(solveSequenceProblem("What is the next term of the sequence 2, 5, 8, 11, 14?"), { answer: 17, rule: "arithmetic" });
    assert.deepEqual(solveSequenceProblem("What is the next term of the sequence 40, 31, 22, 13, 4?"), { answer: -5, rule: "arithmetic" });
    assert.deepEqual(solveSequenceProblem("What is the next term of the sequence 3, 6, 12, 24?"), { answer: 48, rule: "geometric" });
    assert.deepEqual(solveSequenceProblem("What is the next term of the sequence 1, 2, 4, 7, 11?"), { answer: 16, rule: "second-order" });
    assert.deepEqual(solveSequenceProblem("What is the next term of the sequence 2, 3, 5, 8, 13, 21?"), { answer: 34, rule: "fibonacci" });
  });

  it("refuses text of another family and terms no rule fits", () => {
    assert.throws(() => solveSequenceProblem("Ada has 3 apples. How many apples does Ada have now?"), /not a sequence problem/);
    assert.throws(() => solveSequenceProblem("What is the next term of the sequence 1, 5, 2, 9?"), /no rule of this family fits/);
  });

  it("generates problems whose answer is the one the text implies, over every rule", () => {
    const problems = batch("check", 1000);
    const rules = new Set<string>();
    for (const p of problems) {
      const solved = solveSequenceProblem(p.text);
      assert.equal(solved.answer, p.answer, p.text);
      assert.ok(Number.isSafeInteger(p.answer));
      rules.add(solved.rule);
    }
    assert.deepEqual([...rules].sort(), ["arithmetic", "fibonacci", "geometric", "second-order"]);
  });

  it("is reproducible from its seed, and another seed gives other problems", () => {
    assert.deepEqual(batch("s", 50), batch("s", 50));
    assert.notDeepEqual(batch("s", 50), batch("t", 50));
  });

  it("ships seq-200 and mixed-200: the families interleaved, arithmetic first, ids in order", () => {
    const seq = proceduralSet("seq-200");
    assert.equal(seq.tasks.length, 200);
    assert.ok(seq.tasks.every((t) => t.family === "seq" && String(solveSequenceProblem(t.problem).answer) === t.answer));
    assert.equal(new Set(seq.tasks.map((t) => t.problem)).size, 200);
    const mixed = proceduralSet("mixed-200");
    assert.equal(mixed.tasks.length, 200);
    assert.deepEqual(mixed.tasks.slice(0, 4).map((t) => t.family), ["arith", "seq", "arith", "seq"]);
    assert.deepEqual(mixed.tasks[1]!.problem, seq.tasks[0]!.problem);
    assert.deepEqual(mixed.tasks[0]!.problem, proceduralSet("arith-200").tasks[0]!.problem);
    assert.equal(mixed.tasks[199]!.id, "mixed-200-200");
  });
});

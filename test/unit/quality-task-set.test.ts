// The quality benchmark's tasks: the shipped procedural set and the loader for local files.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadTaskSet, parseTaskSet, proceduralSet } from "@concord/bench/quality/task-set.ts";
import { solveWordProblem } from "@concord/agent-sdk/providers";
import { ConcordError } from "@concord/agent-sdk/protocol";

const invalid = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ConcordError && error.code === "CONFIG_INVALID", String(error));
  assert.match(error.message, pattern);
  return true;
};

describe("quality task sets", () => {
  it("ships arith-200: 200 distinct problems, the same on every call, each answer its problem's", () => {
    const set = proceduralSet();
    assert.equal(set.name, "arith-200");
    assert.equal(set.tasks.length, 200);
    assert.deepEqual(proceduralSet(), set);
    assert.equal(new Set(set.tasks.map((t) => t.problem)).size, 200);
    for (const task of set.tasks) assert.equal(task.answer, String(solveWordProblem(task.problem).answer));
    assert.equal(set.tasks[0]!.id, "arith-200-001");
  });

  it("loads a JSONL file (blank lines skipped, integer answers as text) named after the file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-set-"));
    const file = path.join(dir, "aime2025.jsonl");
    await writeFile(file, '{"id": "I-1", "problem": "Find x.", "answer": 70}\n\n{"id": 2, "problem": "Find y.", "answer": " 588 "}\n');
    const set = await loadTaskSet(file);
    assert.equal(set.name, "aime2025");
    assert.deepEqual(set.tasks, [{ id: "I-1", problem: "Find x.", answer: "70" }, { id: "2", problem: "Find y.", answer: "588" }]);
  });

  it("loads a JSON array, reporting bad elements by their line", () => {
    const text = '[\n  {"id": "a", "problem": "p", "answer": 1},\n  {"id": "b", "problem": "", "answer": 2}\n]';
    assert.throws(() => parseTaskSet(text, "set.json"), invalid(/line 3: problem/));
    assert.equal(parseTaskSet(text.replace('""', '"q"'), "set.json").tasks.length, 2);
  });

  it("reports every bad row with its line number: not JSON, a missing field, a repeated id", () => {
    const text = [
      '{"id": "1", "problem": "p", "answer": 3}',
      "{not json",
      '{"id": "2", "problem": "p"}',
      '{"id": "1", "problem": "q", "answer": 4}',
      '{"id": "3", "problem": "p", "answer": 5, "extra": true}',
    ].join("\n");
    assert.throws(() => parseTaskSet(text, "bad.jsonl"), (error) => {
      invalid(/bad\.jsonl has invalid rows/)(error);
      const message = (error as Error).message;
      assert.match(message, /line 2: not JSON/);
      assert.match(message, /line 3: answer/);
      assert.match(message, /line 4: id "1" repeats line 1/);
      assert.match(message, /line 5: row: Unrecognized key/i);
      return true;
    });
  });

  it("refuses an empty file and a missing one", async () => {
    assert.throws(() => parseTaskSet("\n\n", "empty.jsonl"), invalid(/holds no tasks/));
    await assert.rejects(loadTaskSet("/nonexistent/set.jsonl"), invalid(/cannot read/));
  });
});

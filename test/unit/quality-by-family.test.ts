// The quality bench's per-family weighted-history baseline: tasks split by family (as Concord's
// sessions name it) and results put back in task order.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { familyGroups, mergeGroups } from "@concord/bench/quality/weighted-history.ts";
import { proceduralSet } from "@concord/bench/quality/task-set.ts";

describe("tasks by family", () => {
  it("splits mixed-200 into its two interleaved families, each in task order", () => {
    const { tasks } = proceduralSet("mixed-200");
    const groups = familyGroups(tasks);
    assert.equal(groups.length, 2);
    assert.deepEqual(groups.map((g) => g.length), [100, 100]);
    assert.ok(groups[0]!.every((t) => tasks[t]!.family === "arith") && groups[1]!.every((t) => tasks[t]!.family === "seq"));
    for (const g of groups) assert.ok(g.every((t, i) => i === 0 || t > g[i - 1]!), "ascending: each family keeps the set's order");
  });

  it("keeps a one-family set, or tasks without a family, as one group: the default run", () => {
    assert.deepEqual(familyGroups(proceduralSet("arith-200").tasks), [Array.from({ length: 200 }, (_, t) => t)]);
    assert.deepEqual(familyGroups([{}, {}, { family: "seq" }, {}]), [[0, 1, 3], [2]]);
  });

  it("merges per-group results back in task order, and refuses a group with the wrong count", () => {
    const groups = familyGroups([{ family: "a" }, { family: "b" }, { family: "a" }, { family: "b" }, { family: "b" }]);
    assert.deepEqual(mergeGroups(groups, [["a0", "a2"], ["b1", "b3", "b4"]]), ["a0", "b1", "a2", "b3", "b4"]);
    assert.throws(() => mergeGroups(groups, [["a0"], ["b1", "b3", "b4"]]), /1 results for 2 tasks/);
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { percentile, summarize } from "@concord/bench/stats.ts";

describe("orchestrator/bench/stats", () => {
  it("takes the element at ⌊p/100 · n⌋ of the sorted list, the last one at p = 100", () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    assert.deepEqual([0, 50, 90, 99, 100].map((p) => percentile(sorted, p)), [10, 60, 100, 100, 100]);
    assert.equal(percentile([7], 50), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it("summarizes an unsorted sample without reordering it", () => {
    const sample = [5, 1, 4, 2, 3];
    assert.deepEqual(summarize(sample), { n: 5, p50: 3, p90: 5, p99: 5, max: 5, mean: 3 });
    assert.deepEqual(sample, [5, 1, 4, 2, 3]);
    const empty = summarize([]);
    assert.equal(empty.n, 0);
    assert.ok(Number.isNaN(empty.p50) && Number.isNaN(empty.mean) && Number.isNaN(empty.max));
  });
});

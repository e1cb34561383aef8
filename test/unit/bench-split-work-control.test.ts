// The equal-load control runs real paced processes pinned to one CPU: each configuration must
// report a CPU time per piece of work that a ratio can be taken of.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { canPin } from "@concord/bench/cpu-pinning.ts";
import { splitRatios, splitWorkControl } from "@concord/bench/split-work-control.ts";

describe("bench/split-work-control", () => {
  it("measures CPU per piece in one process and in two, pair by pair", { skip: !canPin() && "needs taskset and two CPUs" }, async () => {
    const pairs = await splitWorkControl({ cpu: "0", rate: 100, seconds: 0.2, pairs: 2 });
    assert.equal(pairs.length, 2);
    for (const { oneMs, twoMs } of pairs) {
      // A piece is about a millisecond of CPU: nothing (a broken child printing nothing) or a second is wrong.
      for (const ms of [oneMs, twoMs]) assert.ok(ms > 0.01 && ms < 1000, `CPU per piece ${ms} ms`);
    }
    assert.deepEqual(splitRatios([{ oneMs: 2, twoMs: 3 }]), [1.5]);
  });
});

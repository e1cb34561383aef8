import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bandWidth, pointOffsets } from "@concord/app/lib/chart-overlap.ts";
import type { Series } from "@concord/app/lib/session-view.ts";

const series = (label: string, ys: number[]): Series => ({ agent: 0, label, points: ys.map((y, i) => ({ x: i + 1, y })) });

describe("app/lib/chart-overlap", () => {
  it("sets points that coincide side by side, centred on their round, and leaves the others in place", () => {
    // Round 1: all three agents score 140 (a unanimous panel); round 2: ada alone at 90.
    const offsets = pointOffsets([series("ada", [140, 90]), series("bram", [140, 120]), series("chloe", [140, 120])]);
    assert.deepEqual(offsets, [[-7, 0], [0, -3.5], [7, 3.5]]);
    assert.deepEqual(pointOffsets([series("ada", [1]), series("bram", [2])]), [[0], [0]]);
  });

  it("draws earlier series wider so a line under another still shows, within a few pixels", () => {
    assert.deepEqual([0, 1, 2].map((i) => bandWidth(i, 3)), [7, 4.5, 2]);
    assert.equal(bandWidth(0, 1), 2);
    assert.equal(bandWidth(0, 10), 10, "at most 8 px wider than the top line however many agents");
  });
});

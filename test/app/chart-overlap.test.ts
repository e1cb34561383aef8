import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bandWidths, pointOffsets } from "@concord/app/lib/chart-overlap.ts";
import type { Series } from "@concord/app/lib/session-view.ts";

const series = (label: string, ys: number[]): Series => ({ agent: 0, label, points: ys.map((y, i) => ({ x: i + 1, y })) });

describe("app/lib/chart-overlap", () => {
  it("sets points that coincide side by side, centred on their round, and leaves the others in place", () => {
    // Round 1: all three agents score 140 (a unanimous panel); round 2: ada alone at 90.
    const offsets = pointOffsets([series("ada", [140, 90]), series("bram", [140, 120]), series("chloe", [140, 120])]);
    assert.deepEqual(offsets, [[-7, 0], [0, -3.5], [7, 3.5]]);
    assert.deepEqual(pointOffsets([series("ada", [1]), series("bram", [2])]), [[0], [0]]);
  });

  it("draws a line wider by each later line that runs along it, and leaves lines nobody covers thin", () => {
    // ada and bram score alike in both rounds, chloe differs in round 2.
    const three = [series("ada", [-140, 11]), series("bram", [-140, 11]), series("chloe", [-140, -114])];
    assert.deepEqual(bandWidths(three), [4.5, 2, 2]);
    // All three alike: nested bands.
    assert.deepEqual(bandWidths([series("a", [1, 2]), series("b", [1, 2]), series("c", [1, 2])]), [7, 4.5, 2]);
    assert.deepEqual(bandWidths([series("a", [1, 2]), series("b", [2, 1])]), [2, 2], "crossing is not covering");
    const many = Array.from({ length: 10 }, (_, i) => series(`a${i}`, [5, 5]));
    assert.equal(bandWidths(many)[0], 10, "at most 8 px wider however many agents");
  });
});

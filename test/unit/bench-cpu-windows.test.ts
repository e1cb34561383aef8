// bench:overhead's CPU per round: many short windows summed per process group.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { addWindow, cpuWindows, type CpuSample } from "@concord/bench/cpu-windows.ts";

const sample = (selfMicros: number, ticks: [number, number][]): CpuSample => ({ selfMicros, ticks: new Map(ticks) });

describe("bench/cpu-windows", () => {
  it("adds this process's microseconds and each child's ticks (10 ms at 100/s) by group", () => {
    const totals = new Map<string, number>();
    const groups = new Map([[11, "agents"], [12, "agents"], [13, "nats-server"]]);
    addWindow(totals, sample(1_000, [[11, 5], [12, 7], [13, 1]]), sample(3_500, [[11, 6], [12, 9], [13, 1]]), groups, "orchestrator");
    assert.deepEqual(totals, new Map([["orchestrator", 2.5], ["agents", 30], ["nats-server", 0]]));
  });

  it("leaves out a child not read at the window's opening, and names an unknown pid other", () => {
    const totals = new Map<string, number>();
    addWindow(totals, sample(0, [[20, 1]]), sample(0, [[20, 2], [21, 50]]), new Map(), "self");
    assert.deepEqual(totals, new Map([["self", 0], ["other", 10]]));
  });

  it("gives the mean per closed window, and refuses a close without an open", () => {
    const readings = [sample(0, [[11, 0]]), sample(2_000, [[11, 1]]), sample(2_000, [[11, 1]]), sample(6_000, [[11, 4]])];
    const windows = cpuWindows(new Map([[11, "agents"]]), "orchestrator", () => readings.shift()!);
    assert.throws(() => windows.close(), /never opened/);
    windows.open();
    windows.close();
    windows.open();
    windows.close();
    assert.equal(windows.count, 2);
    // orchestrator: (2 + 4) ms over 2 windows; agents: (1 + 3) ticks = 40 ms over 2 windows.
    assert.deepEqual(windows.perWindowMs(), new Map([["orchestrator", 3], ["agents", 20]]));
  });
});

// The benches' CPU accounting: /proc/<pid>/stat parsing, the process tree, per-session sums.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { childCpuByGroupMs, cpuPerSessionMs, descendantsOf, parseProcStat } from "@concord/bench/proc-stat.ts";

// A real line's shape (fields 1–17 of proc(5)), with utime 250 and stime 50.
const line = (pid: number, comm: string, ppid: number, utime: number, stime: number) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 1234 0 0 0 ${utime} ${stime} 0 0 20 0 11 0 4242 1000000 2000 18446744073709551615\n`;

describe("bench/proc-stat", () => {
  describe("parseProcStat", () => {
    it("reads pid, ppid and utime + stime", () => {
      assert.deepEqual(parseProcStat(line(4321, "node", 100, 250, 50)), { pid: 4321, ppid: 100, cpuTicks: 300 });
    });
    it("reads past a command name holding spaces and parentheses", () => {
      assert.deepEqual(parseProcStat(line(7, "a) b (c", 3, 1, 2)), { pid: 7, ppid: 3, cpuTicks: 3 });
    });
    it("refuses a line that is not a stat line", () => {
      assert.throws(() => parseProcStat("hello"), /not a \/proc stat line/);
    });
  });

  describe("descendantsOf", () => {
    it("finds children and grandchildren, not the root or strangers", () => {
      const stats = [[1, 0], [10, 1], [11, 10], [12, 10], [13, 12], [20, 1]].map(([pid, ppid]) => ({ pid: pid!, ppid: ppid!, cpuTicks: 0 }));
      assert.deepEqual(descendantsOf(stats, 10).map((s) => s.pid).sort(), [11, 12, 13]);
    });
  });

  describe("cpuPerSessionMs", () => {
    it("adds this process's microseconds and the children's ticks, then divides by the sessions", () => {
      const before = { selfMicros: 1_000_000, children: new Map([[11, 100], [12, 40]]) };
      // self +400 ms; child 11 +30 ticks, 12 +10 ticks, 13 new with 5 ticks: 45 ticks = 450 ms at 100/s.
      const after = { selfMicros: 1_400_000, children: new Map([[11, 130], [12, 50], [13, 5]]) };
      assert.deepEqual(cpuPerSessionMs(before, after, 10), { total: 85, self: 40, children: 45 });
    });
  });

  describe("childCpuByGroupMs", () => {
    it("sums each group's tick differences as milliseconds per session, unknown pids as other", () => {
      const before = new Map([[11, 100], [12, 40]]);
      const after = new Map([[11, 130], [12, 50], [13, 5]]);
      const groups = new Map([[11, "agents"], [12, "agents"]]);
      assert.deepEqual([...childCpuByGroupMs(before, after, groups, 2)], [["agents", 200], ["other", 25]]);
    });
  });
});

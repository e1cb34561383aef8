// bench:scale's equal-load report: per run, two orchestrators' CPU per session over one's at the
// same rate and over one's at half the rate, as medians with their range, and the steps' table.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpuMs, equalLoadReport, type EqualLoadStep } from "@concord/bench/scale-equal-load.ts";
import type { Role } from "@concord/bench/process-cpu.ts";

/** A step whose orchestrators spent `ms` per session over `settled` sessions, and 10 ms of everything else. */
const step = (workers: number, rate: number, ms: number, settled = 200): EqualLoadStep => ({
  workers, k: settled, rate, settled, missed: 0, failed: 0, perSecond: rate, transactions: 3 * settled, calls: 6 * settled,
  switches: { slept: 30 * settled, preempted: 8 * workers * settled },
  cpu: new Map([["orchestrators", (ms * settled) / 1000], ["hardhat node", (10 * settled) / 1000]]),
});
const input = (steps: EqualLoadStep[]) => ({
  steps, rate: 20, sessions: 200, repeats: steps.length / 3, workMsPerCpu: [500, 400],
  pin: { orchestrators: "1", others: "0" }, roles: ["hardhat node", "orchestrators"] as Role[], busyCell: () => "–",
});

describe("bench/scale-equal-load", () => {
  it("counts a part's CPU per settled session", () => {
    assert.equal(cpuMs(step(1, 20, 25), ["orchestrators"]), 25);
    assert.equal(cpuMs(step(1, 20, 25), ["orchestrators", "hardhat node"]), 35);
  });

  it("gives each ratio's median over the runs, and its range", () => {
    // Runs of (one at 20, two at 20, one at 10): ratios two/one 1.2, 1.1, 1.3; two/half 1.0, 0.9, 1.1.
    const steps = [
      step(1, 20, 20), step(2, 20, 24), step(1, 10, 24, 100),
      step(1, 20, 20), step(2, 20, 22), step(1, 10, 24.444444444444443, 100),
      step(1, 20, 20), step(2, 20, 26), step(1, 10, 23.636363636363637, 100),
    ];
    const { headline, text } = equalLoadReport(input(steps));
    assert.deepEqual(headline, [
      "scale cpu per session at 20 sessions/s: 1 orchestrator 20.0 ms, 2 orchestrators 24.0 ms, ratio 1.20 (3 alternating runs: 1.10–1.30);" +
      " 1 orchestrator at 10 sessions/s 24.0 ms, 2 orchestrators over it 1.00 (3 alternating runs: 0.90–1.10)",
    ]);
    // One table row per step, numbered by run.
    const rows = text.filter((l) => /^\| \d /.test(l));
    assert.equal(rows.length, 9);
    assert.match(rows[4]!, /^\| 2 \| 2 \| 200 \| 20 \| 200 \| 0 \| 20\.00 \| – \| 22\.0 ms \| 32\.0 ms \| 3\.00 \(2\.00\) \| 30\.0 \/ 16\.0 \|$/);
    assert.ok(text.some((l) => l.includes("one orchestrator at 20 sessions/s 30.0 / 8.0, two at 20 sessions/s 30.0 / 16.0,")));
    assert.ok(text.some((l) => l.includes("took 500 ms / 400 ms")));
  });

  it("sets the orchestrators' ratio against the control's, run by run", () => {
    // Orchestrators' two/one per run 1.2, 1.1, 1.3; the control's (mean of its pairs) 1.2, 1.0, 1.25.
    const steps = [
      step(1, 20, 20), step(2, 20, 24), step(1, 10, 24, 100),
      step(1, 20, 20), step(2, 20, 22), step(1, 10, 22, 100),
      step(1, 20, 20), step(2, 20, 26), step(1, 10, 26, 100),
    ];
    const controls = [
      { rate: 500, pairs: [{ oneMs: 1, twoMs: 1.1 }, { oneMs: 1, twoMs: 1.3 }] },
      { rate: 480, pairs: [{ oneMs: 0.5, twoMs: 0.5 }, { oneMs: 0.5, twoMs: 0.5 }] },
      { rate: 510, pairs: [{ oneMs: 0.8, twoMs: 1 }, { oneMs: 0.8, twoMs: 1 }] },
    ];
    const { headline, text } = equalLoadReport({ ...input(steps), controls });
    assert.match(headline[0]!, /; fixed work split the same way costs 1\.20 \(3 alternating runs: 1\.00–1\.25\), the orchestrators' ratio over it 1\.04 \(3 alternating runs: 1\.00–1\.10\)$/);
    const rows = text.filter((l) => /^\| \d \| \d{3} \|/.test(l));
    assert.deepEqual(rows, [
      "| 1 | 500 | 1.000 ms, 1.000 ms | 1.100 ms, 1.300 ms | 1.20 | 1.20 |",
      "| 2 | 480 | 0.500 ms, 0.500 ms | 0.500 ms, 0.500 ms | 1.00 | 1.10 |",
      "| 3 | 510 | 0.800 ms, 0.800 ms | 1.000 ms, 1.000 ms | 1.25 | 1.30 |",
    ]);
  });

  it("reports nothing without steps, and no headline without a pair", () => {
    assert.deepEqual(equalLoadReport(input([])), { headline: [], text: [] });
    assert.deepEqual(equalLoadReport(input([step(1, 20, 20)])).headline, []);
  });
});

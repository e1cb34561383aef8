// bench:overhead's reading of CPU per round: the line it prints and the budget a 2× round would have.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { agentExtra, coresBusy, cpuBudgetAtRatio2, cpuPerRoundLine } from "@concord/bench/overhead-cpu.ts";

// Rounds of 10 ms spending 18 ms of CPU (1.8 cores); floor rounds of 4 ms spending 6 ms (1.5 cores).
const row = {
  n: 3,
  protocol: [9, 11],
  jetstream: [3, 5],
  cpuRound: new Map([["orchestrator", 6], ["agents", 9], ["nats-server", 3]]),
  cpuFloor: new Map([["agents", 3], ["nats-server", 2], ["orchestrator", 1]]),
};

describe("bench/overhead-cpu", () => {
  it("prints each side's total and its split, largest first", () => {
    assert.equal(cpuPerRoundLine(row), "cpu per round N=3: 18.0 ms (agents 9.0, orchestrator 6.0, nats-server 3.0), JetStream floor 6.0 ms (agents 3.0, nats-server 2.0, orchestrator 1.0)");
  });

  it("counts the cores kept busy over the mean window", () => {
    assert.equal(coresBusy(18, row.protocol), "1.8");
    assert.equal(coresBusy(6, row.jetstream), "1.5");
  });

  it("gives a 2× round the floor's CPU scaled by length and by cores busy, and what is left for the protocol's own work", () => {
    // 2 × 4 ms = 8 ms at 1.8 cores = 14.4 ms of CPU; the protocol's work is 18 − 6 = 12 ms and could be 14.4 − 6 = 8.4.
    const budget = cpuBudgetAtRatio2(row);
    assert.ok(Math.abs(budget.round - 14.4) < 1e-9, String(budget.round));
    assert.equal(budget.protocol, 12);
    assert.ok(Math.abs(budget.left - 8.4) < 1e-9, String(budget.left));
  });

  it("gives each agent's CPU per round beyond the floor's responder", () => {
    assert.equal(agentExtra(row), 2);
  });
});

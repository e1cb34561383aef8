// runRegime refuses, before starting anything, a panel the baselines could not ask.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { defineAgent } from "@concord/agent-sdk/agent";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { runRegime } from "@concord/bench/quality/run-quality.ts";

describe("runRegime", () => {
  it("refuses a member without a plain solve, naming it", async () => {
    const member = (name: string) => defineAgent({
      name, modelId: "m",
      propose: async () => ({ thoughtProcess: "", solution: "1" }),
      evaluate: async () => ({ assessments: [] }),
    });
    const lines: string[] = [];
    await assert.rejects(
      runRegime({
        regime: "r", notes: [], set: { name: "s", tasks: [{ id: "1", problem: "p", answer: "1" }] }, panel: [member("a"), member("b")], describe: [],
        rounds: 1, concurrency: 1, phaseTimeoutMs: 1_000, log: (line) => lines.push(line),
      }),
      (error) => error instanceof ConcordError && error.code === "CONFIG_INVALID" && /a, b cannot answer/.test(error.message),
    );
    assert.deepEqual(lines, [], "nothing was started");
  });
});

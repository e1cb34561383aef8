// `concord-bench quality` refuses bad flags before anything starts, naming the flag (exit 2 by UsageError).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { qualityCommand } from "@concord/bench/quality-command.ts";
import { runCli } from "@concord/orchestrator/cli/run-cli.ts";
import { UsageError, type FlagValues } from "@concord/orchestrator/cli/commands/command.ts";

const refuses = (flags: FlagValues, pattern: RegExp) =>
  assert.rejects(qualityCommand.run(flags, []), (error) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, pattern);
    return true;
  });

describe("concord-bench quality flags", () => {
  it("refuses an unknown benchmark with the usage exit code", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      assert.equal(await runCli({ name: "concord-bench", commands: [qualityCommand] }, ["speed"]), 2);
    } finally {
      console.error = original;
    }
    assert.match(errors.join("\n"), /concord-bench: unknown command "speed"/);
  });
  it("refuses a panel of one", () => refuses({ skills: "0.9" }, /--skills: at least two skills/));
  it("refuses a skill outside [0, 1]", () => refuses({ skills: "0.9,1.5" }, /--skills\.1: a skill in \[0, 1\]/));
  it("refuses correlations summing past 1", () =>
    refuses({ correlation: "0.8", "self-correlation": "0.4" }, /--correlation: correlation \+ self-correlation must not exceed 1/));
  it("refuses endpoints and models that do not pair up", () =>
    refuses({ endpoint: ["http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1"], model: ["m"] }, /--model: give one --model per --endpoint/));
  it("refuses a panel of one endpoint", () =>
    refuses({ endpoint: ["http://127.0.0.1:1/v1"], model: ["m"] }, /--endpoint: a panel needs at least two endpoints/));
  it("refuses a regime it does not ship, naming the ones it does", () =>
    refuses({ regime: ["dominant", "nope"] }, /--regime\.1: a regime: mixed, dominant, correlated, trap-majority, specialists/));
  it("refuses a regime together with flags that build a custom panel", () =>
    refuses({ regime: ["dominant"], skills: "0.9,0.8" }, /--regime picks shipped simulated panels/));
  it("refuses simulated panel flags with endpoints", () =>
    refuses({ endpoint: ["http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1"], model: ["a", "b"], "trap-share": "0.5" }, /--trap-share builds a simulated panel/));
  it("refuses a shipped set and a set file at once", () => refuses({ set: "seq-200", "set-file": "x.jsonl" }, /--set: give --set or --set-file, not both/));
  it("refuses more lanes than the devnet has accounts for", () => refuses({ concurrency: "9" }, /--concurrency: between 1 and 5/));
});

// The one runner's exit codes: 2 for a usage or configuration mistake, 1 for any other failure,
// a disagreement with the chain included (it is no mistake in how the command was called).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConcordError, type ErrorCode } from "@concord/agent-sdk/protocol";
import { exitCodeOf, runCli } from "@concord/orchestrator/cli/run-cli.ts";
import { UsageError, type Command } from "@concord/orchestrator/cli/commands/command.ts";

/** A command that fails with `error`, run through the runner with its stderr captured. */
async function exitOf(error: unknown): Promise<{ code: number; stderr: string }> {
  const command: Command = {
    name: "fail", summary: "fails", help: "usage: concord fail", options: {}, positionals: { min: 0, max: 0 },
    run: () => Promise.reject(error),
  };
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => lines.push(line);
  try {
    return { code: await runCli({ name: "concord", commands: [command] }, ["fail"]), stderr: lines.join("\n") };
  } finally {
    console.error = original;
  }
}

describe("runCli", () => {
  describe("exit codes", () => {
    for (const code of ["TASK_HASH_MISMATCH", "SESSION_NOT_OPEN", "AGENT_NOT_REGISTERED"] satisfies ErrorCode[]) {
      it(`exits 1 on a chain mismatch (${code}), printing it without the usage`, async () => {
        const { code: exit, stderr } = await exitOf(new ConcordError(code, "session 7 disagrees"));
        assert.equal(exit, 1);
        assert.equal(stderr, `concord fail: ${code}: session 7 disagrees`);
      });
    }
    it("exits 2 on a usage error, with the command's usage", async () => {
      const { code, stderr } = await exitOf(new UsageError("missing the task text"));
      assert.equal(code, 2);
      assert.equal(stderr, "concord fail: CONFIG_INVALID: missing the task text\n\nusage: concord fail");
    });
    it("exits 2 on an invalid configuration, 1 on anything else", () => {
      assert.equal(exitCodeOf(new ConcordError("CONFIG_INVALID", "bad file")), 2);
      assert.equal(exitCodeOf(new ConcordError("CHAIN_CALL_FAILED", "reverted")), 1);
      assert.equal(exitCodeOf(new Error("boom")), 1);
    });
  });
});

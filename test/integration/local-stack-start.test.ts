// Starting a local stack whose agent cannot start: the stack says which agent exited and why, as
// soon as it exits, instead of waiting out the heartbeat timeout with "no heartbeat from ada".
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { startLocalStack } from "@concord/orchestrator/devnet/local-stack.ts";

describe("a local stack whose agent exits before it is ready", () => {
  it("fails naming the agent, its exit code and what it printed", async () => {
    // A skill above 1 is refused by the agent process's own configuration check.
    const start = startLocalStack({ panel: [{ name: "ada", skill: 1.5 }, { name: "bram", skill: 0.7 }] });
    await assert.rejects(start, (error: unknown) => {
      assert.ok(error instanceof ConcordError && error.code === "PROCESS_START_FAILED", String(error));
      assert.match(error.message, /agent ada exited \(exit code 2\) before it was ready/);
      assert.match(error.message, /CONCORD_AGENT_SKILL/);
      return true;
    });
  });
});

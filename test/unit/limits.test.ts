// The protocol limits at the edges that take them: the message schemas and the jobs API's body.
// (test/contracts/limits.test.ts checks the limits themselves against the contracts.)
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { maxUint256 } from "viem";
import {
  attestTask, decimalId, isDecimalId, MAX_AGENTS, MAX_ROUNDS, MAX_TASK_CHARS, MIN_AGENTS, minPresent, roundNumber, sessionJob,
} from "@concord/agent-sdk/protocol";
import { submitJobBody } from "@concord/orchestrator/web/api/submit-job.ts";

const names = (n: number) => Array.from({ length: n }, (_, i) => `agent${i}`);
const job = (over: Record<string, unknown> = {}) => ({ sessionId: "1", task: "What is 2 + 2?", ...over });
const hashes = (n: number) => Array.from({ length: n }, (_, i) => `0x${(i + 1).toString(16).padStart(64, "0")}`);
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

describe("protocol limits", () => {
  describe("session ids", () => {
    it("are the positive uint256 values in decimal, without leading zeros", () => {
      for (const ok of ["1", "42", maxUint256.toString()]) assert.ok(isDecimalId(ok), ok);
      for (const bad of ["", "0", "01", "-1", "1.0", "abc", (maxUint256 + 1n).toString(), "9".repeat(79)]) {
        assert.ok(!isDecimalId(bad), bad);
        assert.ok(!decimalId.safeParse(bad).success, bad);
      }
    });

    it("the jobs API refuses an id past uint256 with the message of any other bad id", () => {
      const tooBig = (maxUint256 + 1n).toString();
      assert.equal(tooBig.length, 78);
      const expected = ["sessionId: a session id (decimal)"];
      assert.deepEqual(issues(submitJobBody.safeParse({ sessionId: tooBig, task: "t" })), expected);
      assert.deepEqual(issues(submitJobBody.safeParse({ sessionId: "01", task: "t" })), expected);
      assert.ok(submitJobBody.safeParse({ sessionId: maxUint256.toString(), task: "t" }).success);
    });
  });

  describe("sessionJob", () => {
    it("carries the session and the task only: agents and round limits are the session's, from the chain", () => {
      const parsed = sessionJob.parse(job({ agents: names(MAX_AGENTS + 1), maxRounds: MAX_ROUNDS + 1 }));
      assert.equal(parsed.sessionId, "1");
      assert.ok(!("agents" in parsed) && !("maxRounds" in parsed), JSON.stringify(parsed));
    });

    it(`takes a task of at most ${MAX_TASK_CHARS} characters, and a round number is at most ${MAX_ROUNDS}`, () => {
      assert.ok(roundNumber.safeParse(MAX_ROUNDS).success);
      assert.ok(!roundNumber.safeParse(MAX_ROUNDS + 1).success);
      assert.ok(sessionJob.safeParse(job({ task: "x".repeat(MAX_TASK_CHARS) })).success);
      assert.ok(!sessionJob.safeParse(job({ task: "x".repeat(MAX_TASK_CHARS + 1) })).success);
    });
  });

  it("a round needs more than half of the session's agents, and at least MIN_AGENTS", () => {
    assert.deepEqual([2, 3, 4, 5, 6, 10].map(minPresent), [2, 2, 3, 3, 4, 6]);
    for (let n = MIN_AGENTS; n <= MAX_AGENTS; n++) {
      const needed = minPresent(n);
      assert.ok(needed * 2 > n && needed >= MIN_AGENTS, `n = ${n}: ${needed} is a majority of at least ${MIN_AGENTS}`);
      assert.ok(needed === MIN_AGENTS || (needed - 1) * 2 <= n, `n = ${n}: one fewer than ${needed} would not be a majority`);
    }
  });

  it("an attest task names at most one proposal per agent a session can have", () => {
    const attest = (n: number) => attestTask.safeParse({ sessionId: "1", round: 1, deadline: 1, proposalHashes: hashes(n) });
    assert.ok(attest(MAX_AGENTS).success);
    assert.ok(!attest(MAX_AGENTS + 1).success);
    assert.ok(!attest(MIN_AGENTS - 1).success);
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { KNOWN_CAPABILITIES, taskExamples } from "@concord/app/lib/task-examples.ts";
import { simulatedAgent, solveWordProblem } from "@concord/agent-sdk/providers";
import type { PreflightAgent } from "@concord/agent-sdk/protocol";

const agent = (agentId: string, capabilities: string[], live = true): PreflightAgent => ({ agentId, modelId: "m", live, capabilities, ...(live && { name: `a${agentId}` }) });
const solvers = [agent("1", ["arithmetic-word-problems"]), agent("2", ["arithmetic-word-problems", "poems"]), agent("3", ["poems"])];

describe("taskExamples", () => {
  it("offers word problems the shipped simulated agents parse and accept", async () => {
    const solver = simulatedAgent({ name: "s", skill: 1 });
    for (const task of KNOWN_CAPABILITIES["arithmetic-word-problems"]!.tasks) {
      assert.doesNotThrow(() => solveWordProblem(task), task);
      assert.deepEqual(await solver.accepts!(task), { accepts: true });
    }
  });

  it("gives the examples of what every chosen agent declares", () => {
    const r = taskExamples(solvers, ["1", "2"]);
    assert.equal(r.kind, "examples");
    assert.deepEqual(r.kind === "examples" && r.sets.map((s) => s.capability), ["arithmetic-word-problems"]);
    // Nothing chosen yet: what the running agents take (the first one's kinds the others share).
    assert.equal(r.kind === "examples" && r.who, "the chosen agents");
    const before = taskExamples(solvers.slice(0, 2), []);
    assert.equal(before.kind === "examples" && before.who, "the running agents");
  });

  it("says why there is no example: no shared capability, one unknown to the dApp, an agent not running, nothing heard yet", () => {
    assert.deepEqual(taskExamples(solvers, ["1", "3"]), { kind: "none", reason: "the chosen agents declare no capability they all share" });
    assert.deepEqual(taskExamples(solvers, ["2", "3"]), { kind: "none", reason: "the chosen agents take poems; the dApp has no example of that kind" });
    const down = taskExamples([...solvers, agent("4", [], false)], ["1", "4"]);
    assert.match(down.kind === "none" ? down.reason : "", /^agent #4 is not running/);
    assert.equal(taskExamples(undefined, ["1"]).kind, "none");
    assert.deepEqual(taskExamples(undefined, ["1"], true), { kind: "none", reason: "the dApp server did not say what the agents take" });
    assert.deepEqual(taskExamples([agent("4", [], false)], []), { kind: "none", reason: "no agent is running: no heartbeat was heard from any" });
  });
});

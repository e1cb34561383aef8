// The checks `concord submit` runs before createSession: the task, the agents' answers to the
// acceptance probe, the submitter's funds; with fakes for the NATS and chain reads.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConcordError, MAX_TASK_CHARS } from "@concord/agent-sdk/protocol";
import { checkTask } from "@concord/orchestrator/jobs/check-task.ts";
import { AgentProblem, preflight, PreflightRefused, type PreflightReads } from "@concord/orchestrator/jobs/preflight.ts";
import type { PanelAgent } from "@concord/orchestrator/nats/panel-agent.ts";
import type { ProbeAnswer } from "@concord/orchestrator/nats/probe-acceptance.ts";
import { exitCodeOf } from "@concord/orchestrator/cli/run-cli.ts";

const agent = (name: string, i: number): PanelAgent => ({ name, agentId: BigInt(i + 1), signer: `0x${String(i + 1).padStart(40, "0")}` });
const PANEL = ["ada", "bram", "chloe"].map(agent);
const TASK = "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";

/** Fake reads: `declines` maps an agent to its reason; every probe and funds call is recorded. */
function fakeReads(declines: Record<string, string> = {}, shortfalls: ConcordError[] = []) {
  const probed: string[] = [];
  const fundedPanels: string[][] = [];
  const reads: PreflightReads = {
    async probe(a): Promise<ProbeAnswer> {
      probed.push(a.name);
      const reason = declines[a.name];
      return reason ? { accepts: false, reason } : { accepts: true };
    },
    async funds(panel) {
      fundedPanels.push(panel.map((a) => a.name));
      return shortfalls;
    },
  };
  return { reads, probed, fundedPanels };
}

describe("preflight", () => {
  describe("checkTask", () => {
    it("accepts a task of exactly MAX_TASK_CHARS characters", () => {
      assert.equal(checkTask("x".repeat(MAX_TASK_CHARS)), undefined);
    });
    it("refuses a longer task saying its size and the limit", () => {
      const problem = checkTask("x".repeat(MAX_TASK_CHARS + 1));
      assert.equal(problem?.code, "TASK_INVALID");
      assert.match(problem!.message, /the task text is 20,001 characters; a job takes at most 20,000 characters/);
    });
    it("refuses an empty or blank task", () => {
      assert.equal(checkTask("")?.code, "TASK_INVALID");
      assert.match(checkTask(" \n\t")!.message, /the task text is empty/);
    });
    it("refuses a lone surrogate and undecodable bytes, naming where", () => {
      assert.match(checkTask("ab\uD800c")!.message, /lone UTF-16 surrogate at character 3/);
      assert.match(checkTask("ok \uFFFD")!.message, /not valid UTF-8: character 4 is U\+FFFD/);
      assert.equal(checkTask("emoji 🍎 is fine"), undefined);
    });
  });

  describe("agents", () => {
    it("passes a panel that accepts the task, asking each agent once", async () => {
      const { reads, probed, fundedPanels } = fakeReads();
      const result = await preflight({ task: TASK, panel: PANEL }, reads);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(probed.sort(), ["ada", "bram", "chloe"]);
      assert.deepEqual(fundedPanels, [["ada", "bram", "chloe"]]);
    });
    it("refuses when too few agents will answer, naming each agent and why", async () => {
      const { reads } = fakeReads({ ada: "only arithmetic", bram: "only arithmetic", chloe: "did not answer within 3 s" });
      const { problems } = await preflight({ task: "Write a sonnet about the sea.", panel: PANEL }, reads);
      assert.deepEqual(problems.map((p) => p.code), ["AGENT_DECLINED", "AGENT_DECLINED", "AGENT_DECLINED", "TOO_FEW_AGENTS"]);
      assert.match(problems[0]!.message, /agent ada declines: only arithmetic/);
      assert.match(problems[2]!.message, /agent chloe declines: did not answer within 3 s/);
      assert.match(problems[3]!.message, /0 of the 3 agents \(ada, bram, chloe\) will answer this task/);
    });
    it("names the agent of each refusal, and records every agent's answer", async () => {
      const { reads } = fakeReads({ ada: "only arithmetic", bram: "only arithmetic" });
      const result = await preflight({ task: TASK, panel: PANEL }, reads);
      const declined = result.problems.filter((p) => p.code === "AGENT_DECLINED");
      assert.ok(declined.every((p) => p instanceof AgentProblem));
      assert.deepEqual(declined.map((p) => (p as AgentProblem).agent), [{ agentId: 1n, name: "ada" }, { agentId: 2n, name: "bram" }]);
      assert.deepEqual(result.answers.map(({ agent, answer }) => [agent.name, answer.accepts]), [["ada", false], ["bram", false], ["chloe", true]]);
    });
    it("refuses a named panel whose able agents are too few to record a round", async () => {
      const { reads } = fakeReads({ ada: "no", bram: "no" });
      const { problems } = await preflight({ task: TASK, panel: PANEL }, reads);
      assert.match(problems.at(-1)!.message, /a session of 3 needs at least 2 to record its rounds/);
    });
    it("keeps a named panel with one decliner, saying it will skip", async () => {
      const { reads } = fakeReads({ chloe: "busy elsewhere" });
      const result = await preflight({ task: TASK, panel: PANEL }, reads);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.panel.map((a) => a.name), ["ada", "bram", "chloe"]);
      assert.deepEqual(result.notes, ["chloe will skip every round: it declines (busy elsewhere)"]);
    });
    it("trims an unnamed panel to the agents that accept, and checks funds for that panel", async () => {
      const { reads, fundedPanels } = fakeReads({ bram: "not my field" });
      const result = await preflight({ task: TASK, panel: PANEL, trimPanel: true }, reads);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.panel.map((a) => a.name), ["ada", "chloe"]);
      assert.deepEqual(fundedPanels, [["ada", "chloe"]]);
      assert.match(result.notes[0]!, /left out bram: it declines \(not my field\)/);
    });
  });

  describe("every problem at once", () => {
    it("returns the task's and the funds' problems together, and does not probe with an invalid task", async () => {
      const short = new ConcordError("INSUFFICIENT_FUNDS", "the submitter has 1 ETH, less than the bounty of 100000 ETH (plus gas)");
      const { reads, probed } = fakeReads({}, [short]);
      const { problems } = await preflight({ task: "", panel: PANEL }, reads);
      assert.deepEqual(problems.map((p) => p.code), ["TASK_INVALID", "INSUFFICIENT_FUNDS"]);
      assert.deepEqual(probed, []);
    });
  });

  describe("PreflightRefused", () => {
    it("lists every problem, one a line", () => {
      const error = new PreflightRefused([new ConcordError("AGENT_DECLINED", "agent ada declines: no"), new ConcordError("TOO_FEW_AGENTS", "0 of 2")]);
      assert.equal(error.code, "PREFLIGHT_REFUSED");
      assert.match(error.message, /no session was created\):\n {2}- AGENT_DECLINED: agent ada declines: no\n {2}- TOO_FEW_AGENTS: 0 of 2$/);
    });
    it("exits 2 when the task is the problem, 1 when the agents or the funds are", () => {
      assert.equal(exitCodeOf(new PreflightRefused([new ConcordError("TASK_INVALID", "empty")])), 2);
      assert.equal(exitCodeOf(new PreflightRefused([new ConcordError("INSUFFICIENT_FUNDS", "short")])), 1);
      assert.equal(exitCodeOf(new PreflightRefused([new ConcordError("TOO_FEW_AGENTS", "none")])), 1);
    });
  });
});

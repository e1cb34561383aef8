// The exec bridge, driving small agents in other languages over JSON lines.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { execAgent, type ExecAgent, type ExecAgentOptions } from "@concord/agent-sdk/providers";
import type { EvaluateContext, ProposeContext } from "@concord/agent-sdk/agent";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { buildFailedResult } from "@concord/agent-sdk/agent";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

const fixture = (file: string) => fileURLToPath(new URL(`../fixtures/exec-agents/${file}`, import.meta.url));
const agents: ExecAgent[] = [];
after(() => Promise.all(agents.map((a) => a.close())));

function start(options: Partial<ExecAgentOptions> & Pick<ExecAgentOptions, "command">) {
  const logs: string[] = [];
  const agent = execAgent({ name: "bridge", modelId: "fixture", log: (line) => logs.push(line), ...options });
  agents.push(agent);
  return { agent, logs };
}
const python = (options: Partial<ExecAgentOptions> = {}) => start({ command: "python3", args: [fixture("echo_agent.py")], ...options });
const misbehaving = (options: Partial<ExecAgentOptions> = {}) => start({ command: process.execPath, args: [fixture("misbehaving_agent.mjs")], ...options });

const ask = (task: string, deadlineMs = 10_000): ProposeContext => ({ sessionId: "3", round: 1, task, deadline: Date.now() + deadlineMs });
const hash = (byte: string) => `0x${byte.repeat(32)}` as const;
const evaluateContext: EvaluateContext = {
  ...ask("What is 6 × 7?"),
  ownProposal: { thoughtProcess: "", solution: "42" },
  candidates: [
    { label: "Candidate_A", thoughtProcess: "", solution: "42", salt: hash("0b"), proposalHash: hash("bb") },
    { label: "Candidate_B", thoughtProcess: "", solution: "13", salt: hash("0c"), proposalHash: hash("cc") },
  ],
};
const hasCode = (code: string, text?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ConcordError, `expected a ConcordError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  if (text) assert.match(error.message, text);
  return true;
};

describe("execAgent", () => {
  describe("with a well-behaved python agent", () => {
    it("proposes, evaluates every candidate, and passes stderr to the log", async () => {
      const { agent, logs } = python();
      const proposal = await agent.propose(ask("What is 6 × 7?"));
      assert.equal(proposal.solution, "42");
      assert.match(proposal.thoughtProcess, /^echo: What is 6 × 7\?/);
      const evaluation = await agent.evaluate(evaluateContext);
      assert.deepEqual(evaluation.assessments.map((a) => [a.label, a.endorsement, a.stance]), [["Candidate_A", 50, "support"], ["Candidate_B", 50, "support"]]);
      assert.ok(logs.includes("echo agent ready"), logs.join("\n"));
    });

    it("passes env to the process and answers overlapping requests", async () => {
      const { agent } = python({ env: { ECHO_SOLUTION: "forty-two" } });
      const answers = await Promise.all([agent.propose(ask("one")), agent.propose(ask("two")), agent.propose(ask("three"))]);
      assert.deepEqual(answers.map((a) => a.thoughtProcess), ["echo: one", "echo: two", "echo: three"]);
      assert.ok(answers.every((a) => a.solution === "forty-two"));
    });

    it("keeps the variables withoutEnv names (an agent's key, say) from the process, and passes the rest of the parent's", async () => {
      process.env.ECHO_SOLUTION = "inherited";
      try {
        const inherits = python();
        assert.equal((await inherits.agent.propose(ask("one"))).solution, "inherited");
        const kept = python({ withoutEnv: ["ECHO_SOLUTION"] });
        assert.equal((await kept.agent.propose(ask("one"))).solution, "42", "the process never saw the variable");
      } finally {
        delete process.env.ECHO_SOLUTION;
      }
    });
  });

  describe("with a misbehaving agent", () => {
    it("matches replies to requests by id when they come back out of order", async () => {
      const { agent } = misbehaving();
      const held = agent.propose(ask("hold"));
      const released = agent.propose(ask("release"));
      assert.equal((await released).solution, "released");
      assert.equal((await held).solution, "held");
    });

    it("fails pending requests with PROVIDER_BAD_OUTPUT on a stdout line that is not JSON", async () => {
      const { agent } = misbehaving();
      await assert.rejects(agent.propose(ask("malformed")), hasCode("PROVIDER_BAD_OUTPUT", /not a JSON reply.*"this is not json"/));
      assert.equal((await agent.propose(ask("still alive"))).solution, "still alive");
    });

    it("reports an error reply as PROVIDER_AGENT_ERROR with the agent's message", async () => {
      const { agent } = misbehaving();
      await assert.rejects(agent.propose(ask("error")), hasCode("PROVIDER_AGENT_ERROR", /answered with an error: no model loaded/));
    });

    it("rejects a result of the wrong shape with PROVIDER_BAD_OUTPUT naming the problem", async () => {
      const { agent } = misbehaving();
      await assert.rejects(agent.propose(ask("bad-shape")), hasCode("PROVIDER_BAD_OUTPUT", /invalid propose result \(.*solution.*\): "\{\\"solution\\":42\}"/));
    });

    it("fails every pending request when the process exits, with the exit code and last stderr, then restarts it", async () => {
      const { agent, logs } = misbehaving();
      const waiting = agent.propose(ask("silent"));
      const crashed = agent.propose(ask("crash"));
      const exited = hasCode("PROVIDER_PROCESS_EXITED", /exited with code 3; last stderr:\n.*\n\s+fatal: out of memory/);
      await assert.rejects(crashed, exited);
      await assert.rejects(waiting, exited);
      // What the agent publishes of it names neither the command line nor the process's stderr.
      const failure = await buildFailedResult("misbehaving", privateKeyToAccount(generatePrivateKey()), { chainId: 31337, address: "0x0000000000000000000000000000000000000001" },
        { sessionId: "1", round: 2, phase: "propose" }, await crashed.catch((e: unknown) => e));
      assert.equal(failure.reason, "PROVIDER_PROCESS_EXITED: exec agent bridge exited with code 3");
      assert.equal((await agent.propose(ask("back"))).solution, "back");
      assert.equal(logs.filter((l) => l.startsWith("misbehaving agent started")).length, 2);
    });

    it("stops restarting after maxRestarts consecutive exits", async () => {
      const { agent, logs } = misbehaving({ maxRestarts: 1 });
      await assert.rejects(agent.propose(ask("crash")), hasCode("PROVIDER_PROCESS_EXITED"));
      await assert.rejects(agent.propose(ask("crash")), hasCode("PROVIDER_PROCESS_EXITED"));
      await assert.rejects(agent.propose(ask("fine")), hasCode("PROVIDER_PROCESS_EXITED", /code 3[\s\S]*not restarted: 1 restarts in a row/));
      assert.equal(logs.filter((l) => l.startsWith("misbehaving agent started")).length, 2);
    });

    it("times out at the task deadline with PROVIDER_TIMEOUT", async () => {
      const { agent } = misbehaving();
      await assert.rejects(agent.propose(ask("silent", 200)), hasCode("PROVIDER_TIMEOUT", /did not answer propose request 1 within \d+ ms/));
    });
  });

  it("reports a command that cannot start as PROCESS_START_FAILED", async () => {
    const { agent } = start({ command: "/nonexistent/concord-agent", maxRestarts: 0 });
    await assert.rejects(agent.propose(ask("hello")), hasCode("PROCESS_START_FAILED", /could not be started: spawn \/nonexistent\/concord-agent ENOENT/));
  });
});

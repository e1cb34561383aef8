// An agent run with runAgent refuses, over a real nats-server, an evaluate task whose candidate
// text does not hash to its proposal hash: a signed failed result with the reason, and its model is
// never asked. The same task untampered is answered.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildProposeResult, defineAgent, runAgent, type RunningAgent } from "@concord/agent-sdk/agent";
import { decodeMessage, encodeMessage, evaluateResult, evaluateTask, type EvaluateTask, subjects } from "@concord/agent-sdk/protocol";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { openPhase } from "@concord/orchestrator/rounds/collect-phase.ts";

const account = privateKeyToAccount(generatePrivateKey());
const propose = { sessionId: "5", round: 1, task: "What is 6 × 7?", deadline: Date.now() + 60_000 };
const [own, b, c] = ["42", "41", "13"].map((solution, i) => buildProposeResult(`agent${i}`, propose, { thoughtProcess: `try ${i}`, solution }));
const honest: EvaluateTask = {
  ...propose,
  ownProposal: { thoughtProcess: own!.thoughtProcess, solution: own!.solution, salt: own!.salt, proposalHash: own!.proposalHash },
  candidates: [b!, c!].map((p, i) => ({
    label: `Candidate_${"AB"[i]}`, thoughtProcess: p.thoughtProcess, solution: p.solution, salt: p.salt, proposalHash: p.proposalHash,
  })),
  voteCredits: 10_000,
};

describe("the Agent SDK's candidate check", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;
  let running: RunningAgent;
  let asked = 0;

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await ensureStreams(nc);
    const agent = defineAgent({
      name: "checker", modelId: "test",
      async propose() { throw new Error("not asked"); },
      async evaluate({ candidates }) {
        asked++;
        return { assessments: candidates.map((x) => ({ label: x.label, endorsement: 10, justification: "ok", stance: "support" as const, isFinalSolution: false })) };
      },
    });
    running = await runAgent(agent, { natsServers: server.url, account, sessions: { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } });
    await running.ready;
  });
  after(async () => {
    await running?.stop();
    await nc?.drain();
    await server?.stop();
  });

  async function evaluate(task: EvaluateTask) {
    const phase = openPhase({
      nc, sessionId: task.sessionId, round: task.round, phase: "evaluate", signers: new Map([["checker", account.address]]),
      deadline: Date.now() + 30_000, accept: (_agent, data) => decodeMessage(evaluateResult, data),
    });
    nc.publish(subjects.task(task.sessionId, "checker", "evaluate"), encodeMessage(evaluateTask, task));
    return phase.done;
  }

  it("refuses a task with a tampered candidate text, with the reason, before asking its model", async () => {
    const tampered = { ...honest, candidates: [honest.candidates[0]!, { ...honest.candidates[1]!, solution: "42" }] };
    const collected = await evaluate(tampered);
    assert.equal(collected.answers.size, 0);
    assert.match(collected.failures.get("checker") ?? "", /failed: INVALID_PROPOSAL_HASH: Candidate_B's text does not match its proposal hash/);
    assert.equal(asked, 0);
  });

  it("answers the same task untampered", async () => {
    const collected = await evaluate(honest);
    assert.equal(collected.answers.get("checker")?.evaluations.length, 2);
    assert.equal(asked, 1);
  });
});

// An agent run with runAgent, over a real nats-server, endorses a round whose every candidate
// repeats its own answer without asking its model (the answer the round picks cannot change), with
// signed positive votes and the SDK's justification; any differing answer goes to the model, and
// an agent that opts out (askModelWhenUnanimous) asks its model every time.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { hexToBytes } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildProposeResult, defineAgent, runAgent, type RunningAgent, UNANIMOUS_JUSTIFICATION } from "@concord/agent-sdk/agent";
import {
  decodeMessage, encodeMessage, evaluateResult, evaluateTask, type EvaluateTask, proposeResult, type ProposeResult, proposeTask, subjects,
} from "@concord/agent-sdk/protocol";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { openPhase } from "@concord/orchestrator/rounds/collect-phase.ts";

const sessions = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;

const proposeTaskOf = (sessionId: string) => ({ sessionId, round: 1, task: "What is 6 × 7?", deadline: Date.now() + 60_000 });

/** An evaluate task of session `sessionId` around the agent's own proposal `mine`, with candidates answering `others`. */
function taskOf(sessionId: string, mine: ProposeResult, others: readonly string[]): EvaluateTask {
  const propose = proposeTaskOf(sessionId);
  const rest = others.map((solution, i) => buildProposeResult(`agent${i + 1}`, propose, { thoughtProcess: `working ${i + 1}`, solution }));
  return {
    ...propose,
    ownProposal: { thoughtProcess: mine.thoughtProcess, solution: mine.solution, salt: mine.salt, proposalHash: mine.proposalHash },
    candidates: rest.map((p, i) => ({
      label: `Candidate_${"ABC"[i]}`, thoughtProcess: p.thoughtProcess, solution: p.solution, salt: p.salt, proposalHash: p.proposalHash,
    })),
    voteCredits: 10_000,
  };
}

describe("the Agent SDK on a unanimous round", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;
  const running: RunningAgent[] = [];
  const asked = new Map<string, number>();

  async function start(name: string, askModelWhenUnanimous?: boolean) {
    const account = privateKeyToAccount(generatePrivateKey());
    const agent = defineAgent({
      name, modelId: "test",
      async propose() { return { thoughtProcess: "working 0", solution: "42" }; },
      async evaluate({ candidates }) {
        asked.set(name, (asked.get(name) ?? 0) + 1);
        return { assessments: candidates.map((x) => ({ label: x.label, endorsement: 50, justification: "checked", stance: "support" as const, isFinalSolution: true })), usage: { promptTokens: 10, completionTokens: 5 } };
      },
    });
    const agentRunning = await runAgent(agent, { natsServers: server.url, account, sessions, askModelWhenUnanimous });
    await agentRunning.ready;
    running.push(agentRunning);
    return account;
  }

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await ensureStreams(nc);
  });
  after(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await nc?.drain();
    await server?.stop();
  });

  /** The agent's own proposal in round 1 of `sessionId` (it answers 42), asked as a session asks it. */
  async function proposal(agent: string, signer: `0x${string}`, sessionId: string): Promise<ProposeResult> {
    const phase = openPhase({
      nc, sessionId, round: 1, phase: "propose", signers: new Map([[agent, signer]]),
      deadline: Date.now() + 30_000, accept: (_agent, data) => decodeMessage(proposeResult, data),
    });
    nc.publish(subjects.task(sessionId, agent, "propose"), encodeMessage(proposeTask, proposeTaskOf(sessionId)));
    return (await phase.done).answers.get(agent)!;
  }

  async function evaluate(agent: string, signer: `0x${string}`, task: EvaluateTask) {
    const phase = openPhase({
      nc, sessionId: task.sessionId, round: task.round, phase: "evaluate", signers: new Map([[agent, signer]]),
      deadline: Date.now() + 30_000, accept: (_agent, data) => decodeMessage(evaluateResult, data),
    });
    nc.publish(subjects.task(task.sessionId, agent, "evaluate"), encodeMessage(evaluateTask, task));
    const collected = await phase.done;
    assert.equal(collected.failures.size, 0, JSON.stringify([...collected.failures]));
    return collected.answers.get(agent)!;
  }

  it("endorses every candidate itself when all repeat its answer (spaces aside): no model call, positive signed votes, no usage", async () => {
    const signer = await start("unanimous");
    const result = await evaluate("unanimous", signer.address, taskOf("11", await proposal("unanimous", signer.address, "11"), ["42", " 42\n"]));
    assert.equal(asked.get("unanimous") ?? 0, 0, "the model was asked");
    assert.deepEqual(result.evaluations.map((e) => [e.stance, e.justification]), [["support", UNANIMOUS_JUSTIFICATION], ["support", UNANIMOUS_JUSTIFICATION]]);
    // The packed ballot: one int8 per proposal in hash order, 0 for its own, positive for each other.
    const votes = [...hexToBytes(result.votes)].map((b) => (b > 127 ? b - 256 : b));
    assert.equal(votes.filter((v) => v > 0).length, 2, `votes ${votes}`);
    assert.equal(votes.filter((v) => v === 0).length, 1, `votes ${votes}`);
    assert.equal(result.usage, undefined);
  });

  it("asks its model as soon as one candidate's answer differs", async () => {
    const signer = await start("split");
    const result = await evaluate("split", signer.address, taskOf("12", await proposal("split", signer.address, "12"), ["42", "41"]));
    assert.equal(asked.get("split"), 1);
    assert.deepEqual(result.evaluations.map((e) => e.justification), ["checked", "checked"]);
    assert.deepEqual(result.usage, { promptTokens: 10, completionTokens: 5 });
  });

  it("asks its model on a unanimous round too when it opts out", async () => {
    const signer = await start("careful", true);
    const result = await evaluate("careful", signer.address, taskOf("13", await proposal("careful", signer.address, "13"), ["42", "42"]));
    assert.equal(asked.get("careful"), 1);
    assert.deepEqual(result.evaluations.map((e) => e.justification), ["checked", "checked"]);
  });
});

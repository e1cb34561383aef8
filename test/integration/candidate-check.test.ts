// An agent run with runAgent refuses, over a real nats-server, an evaluate task whose candidate
// text does not hash to its proposal hash, or whose own proposal is not the one it proposed (an
// orchestrator's text under the agent's name), or for a round it proposed nothing in: a signed
// failed result with the reason, its model never asked, no ballot signed. The task untampered is answered.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildProposeResult, defineAgent, runAgent, type RunningAgent } from "@concord/agent-sdk/agent";
import {
  attestTask, decodeMessage, encodeMessage, evaluateResult, evaluateTask, type EvaluateTask, proposeResult, proposeTask, subjects,
} from "@concord/agent-sdk/protocol";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { openPhase } from "@concord/orchestrator/rounds/collect-phase.ts";

const account = privateKeyToAccount(generatePrivateKey());
const propose = { sessionId: "5", round: 1, task: "What is 6 × 7?", deadline: Date.now() + 60_000 };
const [b, c] = ["41", "13"].map((solution, i) => buildProposeResult(`agent${i + 1}`, propose, { thoughtProcess: `try ${i + 1}`, solution }));
/** The round's evaluate task around the agent's own proposal `own`. */
const evaluateTaskFor = (own: { thoughtProcess: string; solution: string; salt: `0x${string}`; proposalHash: `0x${string}` }): EvaluateTask => ({
  ...propose,
  ownProposal: { thoughtProcess: own.thoughtProcess, solution: own.solution, salt: own.salt, proposalHash: own.proposalHash },
  candidates: [b!, c!].map((p, i) => ({
    label: `Candidate_${"AB"[i]}`, thoughtProcess: p.thoughtProcess, solution: p.solution, salt: p.salt, proposalHash: p.proposalHash,
  })),
  voteCredits: 10_000,
});

describe("the Agent SDK's candidate check", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;
  let running: RunningAgent;
  let asked = 0;
  let proposed = 0;
  let honest: EvaluateTask;

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await ensureStreams(nc);
    const agent = defineAgent({
      name: "checker", modelId: "test",
      async propose() {
        proposed++;
        return { thoughtProcess: "try 0", solution: "42" };
      },
      async evaluate({ candidates }) {
        asked++;
        return { assessments: candidates.map((x) => ({ label: x.label, endorsement: 10, justification: "ok", stance: "support" as const, isFinalSolution: false })) };
      },
    });
    running = await runAgent(agent, { natsServers: server.url, account, sessions: { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } });
    await running.ready;
    // The agent proposes in the round first, as in a session: its evaluate task names that proposal.
    const phase = openPhase({
      nc, sessionId: propose.sessionId, round: 1, phase: "propose", signers: new Map([["checker", account.address]]),
      deadline: Date.now() + 30_000, accept: (_agent, data) => decodeMessage(proposeResult, data),
    });
    nc.publish(subjects.task(propose.sessionId, "checker", "propose"), encodeMessage(proposeTask, propose));
    honest = evaluateTaskFor((await phase.done).answers.get("checker")!);
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

  it("refuses a task whose own proposal is not the one it proposed, or for a round it proposed nothing in, before asking its model", async () => {
    // The orchestrator's own text, salted by itself and hashed right, under the agent's name.
    const forged = buildProposeResult("checker", propose, { thoughtProcess: "try 0", solution: "7" });
    const collected = await evaluate(evaluateTaskFor(forged));
    assert.equal(collected.answers.size, 0, "no ballot signed over a proposal the agent never made");
    assert.match(collected.failures.get("checker") ?? "", /failed: INVALID_PROPOSAL_HASH: the task's own proposal 0x[0-9a-f]+ is not the one this agent proposed in round 1/);
    const unproposed = await evaluate({ ...evaluateTaskFor(forged), round: 2 });
    assert.equal(unproposed.answers.size, 0);
    assert.match(unproposed.failures.get("checker") ?? "", /where this agent proposed nothing it remembers/);
    assert.equal(asked, 0);
  });

  it("answers no task whose deadline passed before it arrived: no model call, nothing sent", async () => {
    const before = { asked, proposed };
    const phase = openPhase({
      nc, sessionId: "6", round: 1, phase: "propose", signers: new Map([["checker", account.address]]),
      deadline: Date.now() + 1_000, accept: (_agent, data) => decodeMessage(proposeResult, data),
    });
    nc.publish(subjects.task("6", "checker", "propose"), encodeMessage(proposeTask, { ...propose, sessionId: "6", deadline: Date.now() - 1 }));
    const expiredEvaluate = { ...honest, deadline: Date.now() - 1 };
    nc.publish(subjects.task(expiredEvaluate.sessionId, "checker", "evaluate"), encodeMessage(evaluateTask, expiredEvaluate));
    const collected = await phase.done;
    assert.deepEqual(collected.missing, ["checker"], "nothing answered, not even a failure");
    assert.deepEqual({ asked, proposed }, before, "its model was not asked");
  });

  it("answers no task in which two candidates share a label or a proposal hash, or one has its own proposal's hash", async () => {
    const before = asked;
    const [x, y] = honest.candidates;
    for (const candidates of [
      [x!, { ...y!, label: x!.label }], // one assessment would count for the other text
      [x!, { ...y!, proposalHash: x!.proposalHash }],
      [x!, { ...y!, proposalHash: honest.ownProposal.proposalHash }],
    ]) {
      const phase = openPhase({
        nc, sessionId: honest.sessionId, round: honest.round, phase: "evaluate", signers: new Map([["checker", account.address]]),
        deadline: Date.now() + 1_000, accept: (_agent, data) => decodeMessage(evaluateResult, data),
      });
      // Raw JSON: the schema module would not encode such a task.
      nc.publish(subjects.task(honest.sessionId, "checker", "evaluate"), new TextEncoder().encode(JSON.stringify({ ...honest, candidates })));
      const collected = await phase.done;
      assert.equal(collected.answers.size, 0);
      assert.deepEqual(collected.missing, ["checker"]);
    }
    assert.equal(asked, before, "its model was not asked");
  });

  let signed = "";
  it("answers the same task untampered", async () => {
    const collected = await evaluate(honest);
    assert.equal(collected.answers.get("checker")?.evaluations.length, 2);
    signed = collected.answers.get("checker")!.signature;
    assert.equal(asked, 1);
  });

  it("signs one ballot per round: the task resent with a later deadline gets the same ballot; relabelled, or failing its checks, gets nothing", async () => {
    const resent = await evaluate({ ...honest, deadline: Date.now() + 50_000 });
    assert.equal(resent.answers.get("checker")?.signature, signed, "the same signed ballot, not a second one");
    // The same round with its candidates relabelled (a new chance at other scores): no answer at all,
    // since a failure would be a second answer for the phase too.
    const relabelled = { ...honest, candidates: honest.candidates.map((x, i) => ({ ...x, label: `Candidate_${"BA"[i]}` })).reverse() };
    const phase = openPhase({
      nc, sessionId: honest.sessionId, round: 1, phase: "evaluate", signers: new Map([["checker", account.address]]),
      deadline: Date.now() + 1_000, accept: (_agent, data) => decodeMessage(evaluateResult, data),
    });
    nc.publish(subjects.task(honest.sessionId, "checker", "evaluate"), encodeMessage(evaluateTask, relabelled));
    // Nor a failure for a task that fails its checks once the phase is answered: a signed failure
    // would be a second answer, and the orchestrator would discard both as equivocation.
    const forged = evaluateTaskFor(buildProposeResult("checker", propose, { thoughtProcess: "try 0", solution: "7" }));
    nc.publish(subjects.task(honest.sessionId, "checker", "evaluate"), encodeMessage(evaluateTask, forged));
    const collected = await phase.done;
    assert.deepEqual(collected.missing, ["checker"], "nothing answered, not even a failure");
    assert.equal(asked, 1, "its model was not asked again");
  });

  it("attests only ever narrower sets of a round's proposals: a set with one outside its last ballot's gets nothing", async () => {
    const own = honest.ownProposal.proposalHash;
    const [first, second] = honest.candidates.map((x) => x.proposalHash);
    const attest = (proposalHashes: `0x${string}`[], waitMs: number) => {
      const phase = openPhase({
        nc, sessionId: honest.sessionId, round: 1, phase: "attest", signers: new Map([["checker", account.address]]),
        deadline: Date.now() + waitMs, accept: (_agent, data) => decodeMessage(evaluateResult, data),
      });
      nc.publish(subjects.task(honest.sessionId, "checker", "attest"), encodeMessage(attestTask, { sessionId: honest.sessionId, round: 1, deadline: Date.now() + waitMs, proposalHashes }));
      return phase.done;
    };
    const narrowed = await attest([own, first!], 20_000);
    assert.equal(narrowed.answers.size, 1, "the round narrowed to two proposals: attested");
    const swapped = await attest([own, second!], 1_000);
    assert.deepEqual(swapped.missing, ["checker"], "another subset of the round: nothing, so the orchestrator has one partial ballot to record");
    const resent = await attest([own, first!], 20_000);
    assert.equal(resent.answers.get("checker")?.signature, narrowed.answers.get("checker")!.signature, "the same set again: the same ballot");
    assert.equal(asked, 1, "attesting never asks the model");
  });
});

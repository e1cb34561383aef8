// An agent written from docs/protocol.md without the SDK (test/support/plain-agent/) takes part in
// a settled session beside two SDK agents, on real parts: nats-server with per-agent users, a
// hardhat node, the job worker. It registers its own signer, finds its endpoints in the stack's
// record, answers the acceptance probe, heartbeats, proposes and evaluates; the chain records its
// signed ballots and pays it. Then, with an SDK agent killed between its proposal and its
// evaluation, it re-attests over the proposals that stay and the chain records that ballot.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, parseEther, stringToBytes, zeroAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getRoundRecordedLogs, recordRoundCalls, sessionStatusCode, unpackRoundOutcome } from "@concord/agent-sdk/protocol";
import { solveWordProblem } from "@concord/agent-sdk/providers";
import { startDevnet, ROLES, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { spawnSimulatedAgent, type AgentProcess } from "@concord/orchestrator/devnet/simulated-panel.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import {
  createSession, distributeRoyalties, readRoundTerms, readSession, registerAgent as registerSdkAgent,
} from "@concord/orchestrator/chain/actions/index.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitSession } from "@concord/orchestrator/jobs/submit-session.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { PanelAgent } from "@concord/orchestrator/nats/panel-agent.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";
import { readAgentEndpoints } from "../support/plain-agent/stack-record.ts";
import { registerAgent } from "../support/plain-agent/register.ts";
import { startPlainAgent, type PlainAgent } from "../support/plain-agent/plain-agent.ts";

const TASK = "Ada has 12 apples. Ada finds 5 more apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";
const ROUNDS = 2;
const BOUNTY = parseEther("1");
const SDK_AGENTS = ["ada", "bram"] as const;
const PLAIN = "plain";

describe("an agent written without the SDK", { timeout: 120_000 }, () => {
  let dir: string;
  let devnet: Devnet;
  let sdkAgents: AgentProcess[] = [];
  let plain: PlainAgent;
  let worker: JobWorker;
  let plainAgentId: bigint;
  let outcome: SessionOutcome;
  let panel: PanelAgent[];
  const plainOperator = devnetAccount(ROLES.firstOperator + SDK_AGENTS.length);

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-plain-agent-"));
    devnet = await startDevnet({ agentNames: [...SDK_AGENTS, PLAIN] });
    const record = path.join(dir, "devnet.json");
    await writeDevnetRecord(record, devnetRecordOf(devnet, "plain-agent test"));

    // The SDK agents always solve right (skill 1), so a right answer from the plain agent is endorsed.
    sdkAgents = SDK_AGENTS.map((name) => spawnSimulatedAgent({ name, skill: 1 }, { url: devnet.nats.url, auth: devnet.natsAuthFor(name) }, { deployment: devnet.deployment, rpcUrl: devnet.evm.rpcUrl }, () => {}));
    for (const [i, agent] of sdkAgents.entries()) {
      await registerSdkAgent(devnet.chain, { wallet: devnet.clients.walletFor(devnetAccount(ROLES.firstOperator + i)), signer: agent.account, modelId: agent.modelId });
    }
    // The plain agent: everything from the record and its two keys.
    const endpoints = await readAgentEndpoints(record, PLAIN);
    const signer = privateKeyToAccount(generatePrivateKey());
    plainAgentId = await registerAgent(endpoints, plainOperator, signer, "plain/word-problems");
    plain = await startPlainAgent({
      name: PLAIN, modelId: "plain/word-problems", account: signer, endpoints, solve: (task) => String(solveWordProblem(task).answer),
    });
    await plain.ready;
    await awaitAgentsReady(devnet.nc, [...SDK_AGENTS, PLAIN]);

    let settled!: (o: SessionOutcome) => void;
    let failed!: (e: Error) => void;
    const done = new Promise<SessionOutcome>((resolve, reject) => ((settled = resolve), (failed = reject)));
    worker = await startJobWorker({
      nc: devnet.nc, chain: devnet.chain, orchestrator: devnet.orchestrator, owner: "plain-agent-test",
      onSettled: settled, onFailed: (id, reason) => failed(new Error(`session ${id} failed: ${reason}`)),
    });
    ({ panel } = await submitSession(devnet.nc, devnet.chain, {
      task: TASK, wallet: devnet.submitter, agents: [...SDK_AGENTS, PLAIN],
      session: { orchestrator: devnet.orchestrator.account.address, bounty: BOUNTY, minRounds: ROUNDS, maxRounds: ROUNDS },
    }));
    outcome = await done;
  });

  after(async () => {
    await worker?.stop();
    await plain?.stop();
    await Promise.all(sdkAgents.map((a) => a.stop()));
    await devnet?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("answered the acceptance probe, and none of its messages was refused at the edge", () => {
    assert.equal(plain.probesAnswered, 1);
    assert.deepEqual(outcome.rejections, {});
    assert.deepEqual(outcome.absent, []);
  });

  it("settles on chain with the plain agent present in every round", async () => {
    assert.equal((await readSession(devnet.chain, { sessionId: outcome.sessionId })).status, sessionStatusCode("Settled"));
    const events = await getRoundRecordedLogs(devnet.clients.publicClient, {
      address: devnet.deployment.contracts.Sessions, sessionId: outcome.sessionId, fromBlock: BigInt(devnet.deployment.deployedAtBlock),
    });
    assert.equal(events.length, ROUNDS);
    for (const event of events) assert.equal(unpackRoundOutcome(event.outcome, 3).present, 0b111n, `round ${event.round}: someone was absent`);
  });

  /** The packed round of each recordRound the chain took for `sessionId`, by round. */
  async function recordedCalldata(sessionId: bigint) {
    const events = await getRoundRecordedLogs(devnet.clients.publicClient, {
      address: devnet.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(devnet.deployment.deployedAtBlock),
    });
    return Promise.all(events.map(async (event) => {
      const tx = await devnet.clients.publicClient.getTransaction({ hash: event.txHash });
      // The last round's record may share its transaction with the settlement (a multicall).
      const call = recordRoundCalls(tx.input).find((c) => c.sessionId === sessionId && c.round === event.round);
      assert.ok(call, `tx ${event.txHash} holds no recordRound of session ${sessionId} round ${event.round}`);
      assert.deepEqual([call.sessionId, call.round], [sessionId, event.round]);
      return { event, packed: call.packed.toLowerCase() };
    }));
  }
  const sentBy = (sessionId: bigint, round: number, phase: string) =>
    plain.sent.find((s) => s.subject === `nsed.${sessionId}.result.${round}.${PLAIN}.${phase}`)?.body;

  it("put its proposal and its EIP-712 ballot of every round in the recordRound the contract checked", async () => {
    const recorded = await recordedCalldata(outcome.sessionId);
    assert.equal(recorded.length, ROUNDS);
    for (const { event, packed } of recorded) {
      const sent = (phase: string) => sentBy(outcome.sessionId, event.round, phase);
      const proposal = sent("propose")?.proposalHash as Hex;
      const ballot = sent("evaluate")?.signature as Hex;
      assert.ok(proposal && ballot, `round ${event.round}: the plain agent sent no proposal or ballot`);
      assert.ok(packed.includes(proposal.slice(2).toLowerCase()), `round ${event.round}: its proposal hash is not in the recorded round`);
      assert.ok(packed.includes(ballot.slice(2).toLowerCase()), `round ${event.round}: its ballot signature is not in the recorded round`);
    }
  });

  it("was paid for its endorsed proposals, and its operator can claim the payout", async () => {
    // Payouts are in the session's agent order, which the chain holds by agent id.
    const index = (await readSession(devnet.chain, { sessionId: outcome.sessionId })).agentIds.indexOf(plainAgentId);
    assert.equal(outcome.rounds[0]!.proposals[index]?.agent, PLAIN);
    const payout = outcome.payouts[index]!;
    assert.ok(payout > 0n, "the plain agent earned nothing");
    await distributeRoyalties(devnet.chain, { wallet: devnet.clients.walletFor(plainOperator), sessionId: outcome.sessionId });
    const claimable = await devnet.clients.publicClient.readContract({
      address: devnet.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "claimable", args: [zeroAddress, plainOperator.address],
    });
    assert.equal(claimable, payout);
  });

  // Last: it kills an SDK agent. That agent proposes in round 1 and dies before it evaluates, so
  // its proposal leaves the round and the plain agent must re-sign over what stays (attest).
  describe("in a partial round", () => {
    let partial: SessionOutcome;
    before(async () => {
      const victim = sdkAgents.find((a) => a.name === "bram")!;
      const { sessionId } = await createSession(devnet.chain, {
        wallet: devnet.submitter, taskHash: keccak256(stringToBytes(TASK)), agentIds: panel.map((a) => a.agentId),
        orchestrator: devnet.orchestrator.account.address, minRounds: 1, maxRounds: 1, bounty: BOUNTY, absenceGrace: 1,
      });
      partial = await runSession(
        {
          nc: devnet.nc, chain: devnet.chain, orchestrator: devnet.orchestrator,
          reporter: { phaseClosed: (round, phase) => void (round === 1 && phase === "propose" && victim.child.kill("SIGKILL")) },
        },
        { sessionId, task: TASK, panel, minRounds: 1, maxRounds: 1, effort: 0.6, phaseTimeoutMs: 3_000, roundTerms: await readRoundTerms(devnet.chain, { sessionId }) },
      );
    });

    it("re-attests over the proposals that stay, and the chain records its attest ballot with the victim absent", async () => {
      const victimIndex = panel.findIndex((a) => a.name === "bram");
      assert.deepEqual(partial.absent.map((a) => a.agent), ["bram"]);
      const attest = sentBy(partial.sessionId, 1, "attest");
      assert.ok(attest, "the plain agent sent no attest result");
      const evaluate = sentBy(partial.sessionId, 1, "evaluate")!;
      assert.notEqual(attest.signature, evaluate.signature);
      assert.equal((attest.votes as string).length, 2 + 2 * 2, "the attest ballot covers the two proposals that stay");
      const [round] = await recordedCalldata(partial.sessionId);
      assert.ok(round);
      assert.equal(unpackRoundOutcome(round.event.outcome, 3).present, 0b111n & ~(1n << BigInt(victimIndex)));
      assert.ok(round.packed.includes((attest.signature as string).slice(2).toLowerCase()), "its attest signature is not in the recorded round");
      assert.equal((await readSession(devnet.chain, { sessionId: partial.sessionId })).status, sessionStatusCode("Settled"));
    });
  });
});

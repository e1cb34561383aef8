// An agent written from docs/protocol.md without the SDK (test/support/plain-agent/) takes part in
// a settled session beside two SDK agents, on real parts: nats-server with per-agent users, a
// hardhat node, the job worker. It registers its own signer, finds its endpoints in the stack's
// record, answers the acceptance probe, heartbeats, proposes and evaluates; the chain records its
// signed ballots and pays it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeFunctionData, parseEther, zeroAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getRoundRecordedLogs, sessionStatusCode, unpackRoundOutcome } from "@concord/agent-sdk/protocol";
import { solveWordProblem } from "@concord/agent-sdk/providers";
import { startDevnet, ROLES, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { spawnSimulatedAgent, type AgentProcess } from "@concord/orchestrator/devnet/simulated-panel.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { distributeRoyalties, readSession, registerAgent as registerSdkAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitSession } from "@concord/orchestrator/jobs/submit-session.ts";
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
  const plainOperator = devnetAccount(ROLES.firstOperator + SDK_AGENTS.length);

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-plain-agent-"));
    devnet = await startDevnet({ agentNames: [...SDK_AGENTS, PLAIN] });
    const record = path.join(dir, "devnet.json");
    await writeDevnetRecord(record, devnetRecordOf(devnet, "plain-agent test"));

    // The SDK agents always solve right (skill 1), so a right answer from the plain agent is endorsed.
    sdkAgents = SDK_AGENTS.map((name) => spawnSimulatedAgent({ name, skill: 1 }, { url: devnet.nats.url, auth: devnet.natsAuthFor(name) }, devnet.deployment, () => {}));
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
    await submitSession(devnet.nc, devnet.chain, {
      task: TASK, wallet: devnet.submitter, agents: [...SDK_AGENTS, PLAIN],
      session: { orchestrator: devnet.orchestrator.account.address, bounty: BOUNTY, minRounds: ROUNDS, maxRounds: ROUNDS },
    });
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

  it("put its proposal and its EIP-712 ballot of every round in the recordRound the contract checked", async () => {
    const events = await getRoundRecordedLogs(devnet.clients.publicClient, {
      address: devnet.deployment.contracts.Sessions, sessionId: outcome.sessionId, fromBlock: BigInt(devnet.deployment.deployedAtBlock),
    });
    for (const event of events) {
      const tx = await devnet.clients.publicClient.getTransaction({ hash: event.txHash });
      const { functionName, args } = decodeFunctionData({ abi: sessionsAbi, data: tx.input });
      assert.equal(functionName, "recordRound");
      const packed = (args as readonly [bigint, number, Hex])[2].toLowerCase();
      const sent = (phase: string) => plain.sent.find((s) => s.subject === `nsed.${outcome.sessionId}.result.${event.round}.${PLAIN}.${phase}`)?.body;
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
});

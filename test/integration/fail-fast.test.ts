// Fail fast, refund fast, on real parts (nats-server, a hardhat node, the deployed contracts): a
// session whose agents all refuse the task ends with the bounty back with its submitter at once
// (their signed declines are the evidence); one whose agents are silent ends with the failure
// claimed on chain, and the submitter refunds before the deadline.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, stringToBytes, type Hex, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { defineAgent, runAgent, skip, type RunningAgent } from "@concord/agent-sdk/agent";
import { headers } from "@nats-io/transport-node";
import {
  ConcordError, decodeMessage, encodeMessage, failedResult, type SessionEvent, sessionEvent, sessionStatusCode,
  SIGNATURE_HEADER, signDecline, signPayload, subjects,
} from "@concord/agent-sdk/protocol";
import { MAX_SIGNED_REFUSALS } from "@concord/orchestrator/rounds/collect-phase.ts";
import { createSession, readRoundTerms, readSession, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { ROLES, startDevnet, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import type { PanelAgent } from "@concord/orchestrator/nats/panel-agent.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { startJobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { collectDeclines } from "@concord/orchestrator/rounds/decline-collector.ts";
import { declareFailure } from "@concord/orchestrator/rounds/declare-failure.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { chainRecord } from "@concord/orchestrator/cli/commands/session-record.ts";
import { failureLines, statusText } from "@concord/orchestrator/cli/commands/session-failure.ts";
import { refundText } from "@concord/orchestrator/cli/commands/session-progress.ts";

const BOUNTY = parseEther("1");
const TASK = "Name the largest moon of Saturn.";

/** A real SDK agent (runAgent) whose model takes no task: each propose is an explicit skip. */
function refusingAgent(devnet: Devnet, name: string, account: LocalAccount, contract: { chainId: number; address: Hex }): Promise<RunningAgent> {
  const definition = defineAgent({
    name, modelId: `test/${name}`,
    propose: () => skip("not my field"),
    evaluate: () => skip("not my field"),
  });
  return runAgent(definition, { natsServers: devnet.nats.url, natsAuth: devnet.natsAuthFor(name), account, sessions: contract });
}

describe("fail fast, refund fast", () => {
  let devnet: Devnet;
  let panel: PanelAgent[];
  const keys = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
  const names = ["nia", "oto", "pax"];

  before(async () => {
    devnet = await startDevnet();
    panel = [];
    for (const [i, signer] of keys.entries()) {
      const operator = devnet.clients.walletFor(devnetAccount(ROLES.firstOperator + i));
      const { agentId } = await registerAgent(devnet.chain, { wallet: operator, signer, modelId: `test/${names[i]}` });
      panel.push({ name: names[i]!, agentId, signer: signer.address });
    }
  });

  after(async () => {
    await devnet?.stop();
  });

  async function openSession(minRounds = 1) {
    const { sessionId } = await createSession(devnet.chain, {
      wallet: devnet.submitter, taskHash: keccak256(stringToBytes(TASK)), agentIds: panel.map((a) => a.agentId),
      orchestrator: devnet.orchestrator.account.address, maxRounds: 2, minRounds, bounty: BOUNTY,
    });
    return sessionId;
  }

  /** Runs the session to its failure; returns the error and the session-failed event. */
  async function runToFailure(sessionId: bigint, phaseTimeoutMs: number): Promise<{ error: unknown; event: Extract<SessionEvent, { type: "session-failed" }> }> {
    const events = devnet.nc.subscribe(subjects.event(sessionId.toString(), "session-failed"), { max: 1 });
    const plan = {
      sessionId, task: TASK, panel, minRounds: 1, maxRounds: 2, effort: 0.6, phaseTimeoutMs,
      roundTerms: await readRoundTerms(devnet.chain, { sessionId }),
    };
    const error = await runSession({ nc: devnet.nc, chain: devnet.chain, orchestrator: devnet.orchestrator }, plan).then(
      () => assert.fail("the session should have failed"), (e: unknown) => e,
    );
    for await (const msg of events) {
      const event = decodeMessage(sessionEvent, msg.data);
      if (event.type !== "session-failed") throw new Error(`unexpected ${event.type}`);
      return { error, event };
    }
    throw new Error("no session-failed event");
  }

  const balance = () => devnet.clients.publicClient.getBalance({ address: devnet.submitter.account.address });
  const contract = () => ({ chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions });

  it("agents that all refuse the task: their declines refund the submitter at once", async () => {
    const sessionId = await openSession();
    const agents = await Promise.all(keys.map((key, i) => refusingAgent(devnet, names[i]!, key, contract())));
    await Promise.all(agents.map((a) => a.ready));
    try {
      const before = await balance();
      const { error, event } = await runToFailure(sessionId, 30_000);
      assert.ok(error instanceof ConcordError && error.code === "TOO_FEW_AGENTS", String(error));
      assert.equal(event.refund, "refunded");
      assert.deepEqual(event.declined, names);
      assert.equal(refundText(event), "bounty refunded to the submitter (declined by nia, oto, pax)");
      assert.match(event.txHash ?? "", /^0x[0-9a-f]{64}$/);
      // The submitter sent nothing: its balance grew by exactly the bounty.
      assert.equal(await balance() - before, BOUNTY);
      const session = await readSession(devnet.chain, { sessionId });
      assert.equal(session.status, sessionStatusCode("Refunded"));

      const record = await chainRecord(devnet.chain, sessionId);
      assert.equal(statusText(record, "Refunded"), "Failed (refunded)");
      const lines = failureLines(record, undefined, 0n).join("\n");
      assert.match(lines, /failed: TOO_FEW_AGENTS/);
      assert.match(lines, /bounty refunded to the submitter at once/);
      assert.match(lines, new RegExp(`declined by agent\\(s\\) ${panel.map((a) => `#${a.agentId}`).join(", ")}`));
    } finally {
      await Promise.all(agents.map((a) => a.stop()));
    }
  });

  it("silent agents: the failure is claimed, and the submitter refunds before the deadline", async () => {
    const sessionId = await openSession();
    const { error, event } = await runToFailure(sessionId, 1_500);
    assert.ok(error instanceof ConcordError && error.code === "TOO_FEW_AGENTS", String(error));
    assert.equal(event.refund, "open");
    assert.deepEqual(event.declined, []);
    assert.equal(refundText(event), "failure claimed on chain: the submitter may refund once the agents' grace to record a round has passed");
    const address = devnet.deployment.contracts.Sessions;
    assert.equal(await devnet.clients.publicClient.readContract({ address, abi: sessionsAbi, functionName: "failureClaimed", args: [sessionId] }), true);
    const session = await readSession(devnet.chain, { sessionId });
    assert.equal(session.status, sessionStatusCode("Open"));
    const record = await chainRecord(devnet.chain, sessionId);
    assert.equal(statusText(record, "Open"), "Failed (refund open to the submitter)");
    assert.ok(record.refundAfter < session.deadline, "the claim's grace ends before the deadline");
    assert.match(failureLines(record, undefined, record.refundAfter).join("\n"), /the submitter may refund after .*, when the agents' grace to record a round ends/);
    assert.match(failureLines(record, undefined, record.refundAfter + 1n).join("\n"), /the submitter may refund now, before the deadline/);
    // Within the grace the chain refuses the refund, naming when it opens.
    await assert.rejects(
      devnet.submitter.writeContract({ address, abi: sessionsAbi, functionName: "refund", args: [sessionId] }),
      (error) => /RefundTooEarly/.test(String(error)),
    );
    // The node's clock moved past the grace (a test-only call to the hardhat node itself).
    const { timestamp } = await devnet.clients.publicClient.getBlock();
    await devnet.clients.publicClient.request({ method: "evm_increaseTime", params: [Number(record.refundAfter - timestamp) + 1] } as never);
    await devnet.clients.publicClient.request({ method: "evm_mine", params: [] } as never);

    const block = await devnet.clients.publicClient.getBlock();
    assert.ok(block.timestamp < session.deadline, "still before the deadline");
    const before = await balance();
    const hash = await devnet.submitter.writeContract({ address, abi: sessionsAbi, functionName: "refund", args: [sessionId] });
    const receipt = await devnet.clients.publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(await balance() - before + receipt.gasUsed * receipt.effectiveGasPrice, BOUNTY);
    assert.equal((await readSession(devnet.chain, { sessionId })).status, sessionStatusCode("Refunded"));
  });

  it("agents that never beat (not live): the job worker claims the failure, so the submitter may refund after its grace", async () => {
    const sessionId = await openSession();
    const events = devnet.nc.subscribe(subjects.event(sessionId.toString(), "session-failed"), { max: 1 });
    const worker = await startJobWorker({
      nc: devnet.nc, chain: devnet.chain, orchestrator: devnet.orchestrator, owner: "fail-fast-test", heartbeatWindowMs: 300,
    });
    try {
      await submitJob(devnet.nc, { sessionId: sessionId.toString(), task: TASK, effort: 0.6 });
      let event: SessionEvent | undefined;
      for await (const msg of events) event = decodeMessage(sessionEvent, msg.data);
      assert.ok(event?.type === "session-failed");
      assert.match(event.reason, /AGENT_NOT_LIVE/);
      assert.equal(event.refund, "open");
      const address = devnet.deployment.contracts.Sessions;
      assert.equal(await devnet.clients.publicClient.readContract({ address, abi: sessionsAbi, functionName: "failureClaimed", args: [sessionId] }), true);
    } finally {
      await worker.stop();
    }
  });

  describe("the orchestrator's side", () => {
    it("keeps a decline only from its own agent's subject, signed by that agent, by the agent's snapshotted key", async () => {
      const sessionId = await openSession();
      const collector = collectDeclines(devnet.nc, sessionId, panel, contract());
      try {
        const id = sessionId.toString();
        const impostor = privateKeyToAccount(generatePrivateKey());
        /** Publishes `agent`'s failure with `decline` on `agent`'s subject, its header signed by `by` (none: unsigned). */
        const send = async (agent: string, by: LocalAccount | undefined, decline?: Hex) => {
          const data = encodeMessage(failedResult, { sessionId: id, round: 1, agent, reason: "no", decline });
          const h = headers();
          if (by) h.set(SIGNATURE_HEADER, await signPayload(by, data));
          devnet.nc.publish(subjects.result(id, 1, agent, "propose", "failed"), data, { headers: h });
        };
        const [nia, oto, pax] = keys as [LocalAccount, LocalAccount, LocalAccount];
        await send("nia", nia, await signDecline(impostor, contract(), sessionId)); // not nia's key
        await send("oto", oto, await signDecline(oto, contract(), sessionId + 1n)); // another session
        await send("pax", pax); // no decline at all
        await send("nia", nia, await signDecline(pax, contract(), sessionId)); // pax's decline, carried by nia
        await send("pax", undefined, await signDecline(pax, contract(), sessionId)); // unsigned message
        await send("mallory", impostor, await signDecline(pax, contract(), sessionId)); // not a panel agent's subject
        await send("oto", nia, await signDecline(oto, contract(), sessionId)); // oto's subject, nia's header signature
        const broken = new TextEncoder().encode("{broken");
        const h = headers();
        h.set(SIGNATURE_HEADER, await signPayload(oto, broken));
        devnet.nc.publish(subjects.result(id, 1, "oto", "propose", "failed"), broken, { headers: h });
        assert.deepEqual((await collector.settled()).map((d) => d.agentIndex), [], "none of these is a decline");
        await send("pax", pax, await signDecline(pax, contract(), sessionId));
        assert.deepEqual((await collector.settled()).map((d) => d.agentIndex), [2]);
      } finally {
        collector.close();
      }
    });

    it("reads a panel agent's signed junk at most MAX_SIGNED_REFUSALS times, then ignores it unread", async () => {
      const sessionId = await openSession();
      const collector = collectDeclines(devnet.nc, sessionId, panel, contract());
      try {
        const id = sessionId.toString();
        const oto = keys[1]!;
        // Well-formed JSON that fails the schema, signed by oto: a parse each time it is read.
        const junk = new TextEncoder().encode(JSON.stringify({ sessionId: id, round: 1, agent: "oto", reason: "x".repeat(100_000) }));
        const h = headers();
        h.set(SIGNATURE_HEADER, await signPayload(oto, junk));
        for (let i = 0; i < 50; i++) devnet.nc.publish(subjects.result(id, 1, "oto", "propose", "failed"), junk, { headers: h });
        // Then oto's real decline: by then its refusals ran out, so it is not read either.
        const data = encodeMessage(failedResult, { sessionId: id, round: 1, agent: "oto", reason: "no", decline: await signDecline(oto, contract(), sessionId) });
        const signed = headers();
        signed.set(SIGNATURE_HEADER, await signPayload(oto, data));
        devnet.nc.publish(subjects.result(id, 1, "oto", "propose", "failed"), data, { headers: signed });
        assert.deepEqual((await collector.settled()).map((d) => d.agentIndex), []);
        assert.equal(collector.refused().get("oto"), MAX_SIGNED_REFUSALS, "read and refused that many, the rest unread");
      } finally {
        collector.close();
      }
    });

    it("checks at most MAX_SIGNED_REFUSALS badly signed messages on a panel agent's subject, then ignores them unread", async () => {
      const sessionId = await openSession();
      const collector = collectDeclines(devnet.nc, sessionId, panel, contract());
      try {
        const id = sessionId.toString();
        const junk = encodeMessage(failedResult, { sessionId: id, round: 1, agent: "oto", reason: "no" });
        const forged = headers();
        forged.set(SIGNATURE_HEADER, await signPayload(privateKeyToAccount(generatePrivateKey()), junk));
        for (let i = 0; i < 50; i++) devnet.nc.publish(subjects.result(id, 1, "oto", "propose", "failed"), junk, { headers: forged });
        assert.deepEqual((await collector.settled()).map((d) => d.agentIndex), []);
        assert.equal(collector.refused().get("oto"), MAX_SIGNED_REFUSALS, "that many signatures checked, the rest unread");
      } finally {
        collector.close();
      }
    });

    it("retries without declines when the chain refuses one, and says where the bounty stands", async () => {
      const sessionId = await openSession();
      const lines: string[] = [];
      const forged = { agentIndex: 0, signature: await signDecline(privateKeyToAccount(generatePrivateKey()), contract(), sessionId) };
      const plan = { sessionId, panel, minRounds: 1 };
      const declared = await declareFailure({ ...devnet, log: (l) => lines.push(l) }, plan, 0, "x".repeat(400), [forged]);
      assert.equal(declared.refund, "open");
      assert.deepEqual(declared.declined, []);
      assert.match(lines.join("\n"), /failSession with 1 decline\(s\) failed: InvalidDecline\(0, /);
      assert.match(lines.join("\n"), /failure claimed, the submitter may refund once the agents. grace to record a round has passed/);
    });

    it("never throws: a call the chain refuses is logged and the bounty waits for the deadline", async () => {
      const sessionId = await openSession();
      const lines: string[] = [];
      const stranger = devnet.clients.walletFor(devnetAccount(ROLES.firstOperator + 5));
      const declared = await declareFailure({ chain: devnet.chain, orchestrator: stranger, log: (l) => lines.push(l) }, { sessionId, panel, minRounds: 1 }, 0, "x", []);
      assert.equal(declared.refund, "at-deadline");
      assert.match(lines.join("\n"), /NotOrchestrator/);
      assert.match(lines.join("\n"), /its submitter may refund after the deadline/);
      assert.equal(await devnet.clients.publicClient.readContract({
        address: devnet.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "failureClaimed", args: [sessionId],
      }), false);
    });

    it("does not call the chain once minRounds are recorded: that work is settled", async () => {
      const lines: string[] = [];
      const declared = await declareFailure({ ...devnet, log: (l) => lines.push(l) }, { sessionId: 1n, panel, minRounds: 1 }, 1, "x", []);
      assert.equal(declared.refund, "at-deadline");
      assert.match(lines.join("\n"), /settled, not refunded/);
    });
  });
});

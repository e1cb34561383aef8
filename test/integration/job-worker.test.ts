// The job worker on real parts (one local stack, a worker per case): a failed job is final,
// terminated so that JetStream never delivers it again (nats-server 2.9 honours a plain term and
// ignores one that carries a reason); no more sessions run at once than its concurrency; and a job
// redelivered to the worker still running it joins that run instead of starting a second one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { jetstreamManager } from "@nats-io/jetstream";
import { keccak256, parseEther, stringToBytes } from "viem";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession } from "@concord/orchestrator/chain/actions/index.ts";
import { PLAN_RETRY_MS, startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { getSessionSettledLogs, streams } from "@concord/agent-sdk/protocol";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";

// The simulated agents answer arithmetic word problems only: every one declines this task.
const TASK = "Write a sonnet about the sea.";

/** The jobs consumer's ack wait (the server's), and every worker's: a stalled worker's job is redelivered after it. */
const ACK_WAIT_MS = 1_000;
let stack: LocalStack;
before(async () => {
  stack = await startLocalStack({ jobAckWaitMs: ACK_WAIT_MS });
});
after(async () => {
  await stack?.stop();
});

/** A one-round session on a fresh word problem, created on chain (its job not yet queued). */
async function newSession(seed: string) {
  const problem = generateWordProblem(seededRandom(seed));
  const { sessionId } = await createSession(stack.chain, {
    wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
    orchestrator: stack.orchestrator.account.address, minRounds: 1, maxRounds: 1, bounty: parseEther("0.1"),
  });
  return { sessionId, task: problem.text };
}

/** The jobs consumer once the server has every ack sent so far (an ack is fire-and-forget). */
async function jobsConsumerSettled() {
  const jsm = await jetstreamManager(stack.nc);
  let info = await jsm.consumers.info(streams.jobs.name, streams.jobs.consumer);
  for (let tries = 0; info.num_ack_pending > 0 && tries < 50; tries++) {
    await stack.nc.flush();
    info = await jsm.consumers.info(streams.jobs.name, streams.jobs.consumer);
  }
  return info;
}

describe("a job that fails", { timeout: 60_000 }, () => {
  let worker: JobWorker;
  const failures: string[] = [];
  let failedOnce!: () => void;
  const failed = new Promise<void>((resolve) => (failedOnce = resolve));

  before(async () => {
    worker = await startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: "failure-test", jobAckWaitMs: ACK_WAIT_MS,
      onFailed: (id) => {
        failures.push(id);
        failedOnce();
      },
    });
  });

  after(async () => {
    await worker?.stop();
  });

  it("is terminated at once, so it is neither pending nor delivered again", async () => {
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter, taskHash: keccak256(stringToBytes(TASK)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, minRounds: 1, maxRounds: 1, bounty: parseEther("0.1"),
    });
    await submitJob(stack.nc, { sessionId: sessionId.toString(), task: TASK, effort: 0.6 });
    await failed;
    // The terminate is an ack: once the server has it, nothing is waiting for an ack any more.
    const info = await jobsConsumerSettled();
    assert.equal(info.num_ack_pending, 0, "the failed job still waits for an ack: it will be delivered again after the ack wait");
    assert.equal(info.num_redelivered, 0);
    assert.equal(info.num_pending, 0);
    assert.deepEqual(failures, [sessionId.toString()]);
  });
});

describe("a job whose plan cannot be read for a moment", { timeout: 60_000 }, () => {
  it("comes back after PLAN_RETRY_MS instead of ending, and its session settles", async () => {
    // The worker's node fails its first read of a session (an outage of a moment), then answers.
    let failNext = true;
    const publicClient = new Proxy(stack.chain.publicClient, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== "multicall" || typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (failNext) {
            failNext = false;
            return Promise.reject(new Error("fetch failed: ECONNRESET (test)"));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const lines: string[] = [];
    const failures: string[] = [];
    let settle!: (outcome: SessionOutcome) => void;
    const settled = new Promise<SessionOutcome>((resolve) => (settle = resolve));
    const worker = await startJobWorker({
      nc: stack.nc, chain: { ...stack.chain, publicClient }, orchestrator: stack.orchestrator, owner: "plan-retry-test", jobAckWaitMs: ACK_WAIT_MS,
      log: (line) => lines.push(line), onFailed: (id) => failures.push(id), onSettled: settle,
    });
    try {
      const { sessionId, task } = await newSession("plan-retry");
      await submitJob(stack.nc, { sessionId: sessionId.toString(), task, effort: 0.6 });
      const outcome = await settled;
      assert.equal(outcome.sessionId, sessionId);
      assert.deepEqual(failures, []);
      assert.ok(lines.some((l) => l.startsWith(`session ${sessionId}: could not read its plan (fetch failed: ECONNRESET (test)); the job comes back in ${PLAN_RETRY_MS / 1000} s`)), lines.join("\n"));
    } finally {
      await worker.stop();
    }
  });
});

describe("a job worker of concurrency 1", { timeout: 90_000 }, () => {
  let worker: JobWorker;
  let runningNow = 0;
  let mostAtOnce = 0;
  const settled: SessionOutcome[] = [];
  let allSettled!: () => void;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const JOBS = 3;

  before(async () => {
    worker = await startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: "concurrency-test", concurrency: 1, jobAckWaitMs: ACK_WAIT_MS,
      reporterFor: () => ({
        roundStarted: (round) => {
          if (round !== 1) return;
          runningNow += 1;
          mostAtOnce = Math.max(mostAtOnce, runningNow);
        },
      }),
      onSettled: (outcome) => {
        runningNow -= 1;
        settled.push(outcome);
        if (settled.length === JOBS) allSettled();
      },
    });
  });

  after(async () => {
    await worker?.stop();
  });

  it("runs the queued sessions one at a time, and every one settles", async () => {
    for (let i = 0; i < JOBS; i++) {
      const { sessionId, task } = await newSession(`concurrency-${i}`);
      await submitJob(stack.nc, { sessionId: sessionId.toString(), task, effort: 0.6 });
    }
    await done;
    assert.equal(mostAtOnce, 1, "two sessions ran at once");
    assert.equal(new Set(settled.map((o) => o.sessionId)).size, JOBS);
  });
});

describe("a job redelivered to the worker still running it", { timeout: 60_000 }, () => {
  it("joins the run under way: the session runs once, settles once, and every delivery is acked", async () => {
    const lines: string[] = [];
    const roundsStarted: number[] = [];
    let settledOnce!: (outcome: SessionOutcome) => void;
    const settled = new Promise<SessionOutcome>((resolve) => (settledOnce = resolve));
    const worker = await startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: "redelivery-test", jobAckWaitMs: ACK_WAIT_MS,
      log: (line) => lines.push(line),
      reporterFor: () => ({
        roundStarted: (round) => {
          roundsStarted.push(round);
          // The fault: the worker's event loop stalls (a long GC pause, a stalled VM) past the job's
          // ack wait but well within the lock's 15 s TTL. Its progress signals stop, so the server
          // redelivers the job, and the lease still holds when the worker wakes.
          if (roundsStarted.length === 1) {
            const until = Date.now() + 3 * ACK_WAIT_MS;
            while (Date.now() < until);
          }
        },
      }),
      onSettled: (outcome) => settledOnce(outcome),
    });
    try {
      const { sessionId, task } = await newSession("redelivered");
      await submitJob(stack.nc, { sessionId: sessionId.toString(), task, effort: 0.6 });
      const outcome = await settled;
      assert.equal(outcome.sessionId, sessionId);
      assert.ok(lines.some((l) => l.includes(`session ${sessionId}: its job came again while it runs here`)), lines.join("\n"));
      assert.deepEqual(roundsStarted, [1], "the session ran once");
      const address = stack.deployment.contracts.Sessions;
      const onChain = await getSessionSettledLogs(stack.clients.publicClient, { address, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock) });
      assert.equal(onChain.length, 1);
      const info = await jobsConsumerSettled();
      assert.equal(info.num_ack_pending, 0, "a delivery of the job still waits for an ack");
      assert.equal(info.num_pending, 0);
    } finally {
      await worker.stop();
    }
  });
});

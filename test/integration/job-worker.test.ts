// The job worker on real parts (a local stack): a failed job is final, terminated so that
// JetStream never delivers it again (nats-server 2.9 honours a plain term and ignores one that
// carries a reason); and no more sessions run at once than its concurrency.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { jetstreamManager } from "@nats-io/jetstream";
import { keccak256, parseEther, stringToBytes } from "viem";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession } from "@concord/orchestrator/chain/actions/index.ts";
import { startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { streams } from "@concord/agent-sdk/protocol";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";

// The simulated agents answer arithmetic word problems only: every one declines this task.
const TASK = "Write a sonnet about the sea.";

describe("a job that fails", { timeout: 60_000 }, () => {
  let stack: LocalStack;
  let worker: JobWorker;
  const failures: string[] = [];
  let failedOnce!: () => void;
  const failed = new Promise<void>((resolve) => (failedOnce = resolve));

  before(async () => {
    stack = await startLocalStack();
    worker = await startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: "failure-test", jobAckWaitMs: 1_000,
      onFailed: (id) => {
        failures.push(id);
        failedOnce();
      },
    });
  });

  after(async () => {
    await worker?.stop();
    await stack?.stop();
  });

  it("is terminated at once, so it is neither pending nor delivered again", async () => {
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter, taskHash: keccak256(stringToBytes(TASK)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, minRounds: 1, maxRounds: 1, bounty: parseEther("0.1"),
    });
    await submitJob(stack.nc, { sessionId: sessionId.toString(), task: TASK, effort: 0.6 });
    await failed;
    const jsm = await jetstreamManager(stack.nc);
    // The terminate is an ack: once the server has it, nothing is waiting for an ack any more.
    let info = await jsm.consumers.info(streams.jobs.name, streams.jobs.consumer);
    for (let tries = 0; info.num_ack_pending > 0 && tries < 50; tries++) {
      await stack.nc.flush();
      info = await jsm.consumers.info(streams.jobs.name, streams.jobs.consumer);
    }
    assert.equal(info.num_ack_pending, 0, "the failed job still waits for an ack: it will be delivered again after the ack wait");
    assert.equal(info.num_redelivered, 0);
    assert.equal(info.num_pending, 0);
    assert.deepEqual(failures, [sessionId.toString()]);
  });
});

describe("a job worker of concurrency 1", { timeout: 90_000 }, () => {
  let stack: LocalStack;
  let worker: JobWorker;
  let runningNow = 0;
  let mostAtOnce = 0;
  const settled: SessionOutcome[] = [];
  let allSettled!: () => void;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const JOBS = 3;

  before(async () => {
    stack = await startLocalStack();
    worker = await startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: "concurrency-test", concurrency: 1,
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
    await stack?.stop();
  });

  it("runs the queued sessions one at a time, and every one settles", async () => {
    for (let i = 0; i < JOBS; i++) {
      const problem = generateWordProblem(seededRandom(`concurrency-${i}`));
      const { sessionId } = await createSession(stack.chain, {
        wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
        orchestrator: stack.orchestrator.account.address, minRounds: 1, maxRounds: 1, bounty: parseEther("0.1"),
      });
      await submitJob(stack.nc, { sessionId: sessionId.toString(), task: problem.text, effort: 0.6 });
    }
    await done;
    assert.equal(mostAtOnce, 1, "two sessions ran at once");
    assert.equal(new Set(settled.map((o) => o.sessionId)).size, JOBS);
  });
});

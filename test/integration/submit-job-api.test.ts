// POST /api/jobs on real parts: a local stack (nats-server, hardhat node, three agent processes),
// the dApp server and a job worker. The route queues a paid session's job with the agents' NATS
// names found from their signed heartbeats, and refuses everything it cannot vouch for.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { keccak256, maxUint256, parseEther, stringToBytes, type Address } from "viem";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession } from "@concord/orchestrator/chain/actions/index.ts";
import { startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { ConcordError } from "@concord/agent-sdk/protocol";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";

const TASK = "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";

describe("POST /api/jobs", { timeout: 90_000 }, () => {
  let stack: LocalStack;
  let server: DappServer;
  let bare: DappServer;
  let worker: JobWorker;
  let distDir: string;
  const settled = new Map<string, (outcome: SessionOutcome) => void>();
  const settledCount = new Map<string, number>();
  const failed = new Map<string, (error: unknown) => void>();

  const post = async (base: string, body: unknown) => {
    const response = await fetch(`${base}/api/jobs`, {
      method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
  };
  const newSession = async (task: string, deadline?: bigint, orchestrator?: Address) => (await createSession(stack.chain, {
    wallet: stack.submitter,
    taskHash: keccak256(stringToBytes(task)), agentIds: stack.panel.map((a) => a.agentId),
    orchestrator: orchestrator ?? stack.orchestrator.account.address, minRounds: 1, maxRounds: 2, bounty: parseEther("0.1"), deadline,
  })).sessionId;

  before(async () => {
    stack = await startLocalStack();
    distDir = await mkdtemp(path.join(os.tmpdir(), "concord-api-"));
    await writeFile(path.join(distDir, "index.html"), "<!doctype html><title>Concord</title>");
    server = await startDappServer({ distDir, deployment: stack.deployment, nc: stack.nc });
    bare = await startDappServer({ distDir, deployment: stack.deployment });
    worker = await startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: "api-test",
      onSettled: (outcome) => {
        const id = outcome.sessionId.toString();
        settledCount.set(id, (settledCount.get(id) ?? 0) + 1);
        settled.get(id)?.(outcome);
      },
      onFailed: (id, _reason, error) => failed.get(id)?.(error),
    });
  });

  after(async () => {
    await worker?.stop();
    await server?.close();
    await bare?.close();
    await stack?.stop();
    if (distDir) await rm(distDir, { recursive: true, force: true });
  });

  it("queues a paid session's job with its agents' names in on-chain order, once, and it settles", async () => {
    const sessionId = await newSession(TASK);
    const done = new Promise<SessionOutcome>((resolve) => settled.set(sessionId.toString(), resolve));
    const first = await post(server.url, { sessionId: sessionId.toString(), task: TASK, effort: 0.5 });
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.deepEqual(first.body, { sessionId: sessionId.toString(), agents: stack.panel.map((a) => a.name), minRounds: 1, maxRounds: 2, effort: 0.5 });
    // A repeated submit (a double click, a retry) is accepted and queues nothing new.
    assert.equal((await post(server.url, { sessionId: sessionId.toString(), task: TASK })).status, 202);
    const outcome = await done;
    assert.equal(outcome.sessionId, sessionId);
    const after = await post(server.url, { sessionId: sessionId.toString(), task: TASK });
    assert.equal(after.status, 409);
    assert.equal(after.body.error?.code, "SESSION_NOT_OPEN");
    assert.equal(settledCount.get(sessionId.toString()), 1);
  });

  it("refuses a task that does not hash to the session's task hash", async () => {
    const sessionId = await newSession(TASK);
    const response = await post(server.url, { sessionId: sessionId.toString(), task: `${TASK} Answer 42.` });
    assert.equal(response.status, 422);
    assert.equal(response.body.error?.code, "TASK_HASH_MISMATCH");
  });

  it("has the worker refuse a queued job whose task does not match the chain, with TASK_HASH_MISMATCH", async () => {
    // A job put on the queue directly, past the route's check: the worker checks the chain itself.
    const sessionId = (await newSession(TASK)).toString();
    const refused = new Promise<unknown>((resolve) => failed.set(sessionId, resolve));
    await submitJob(stack.nc, { sessionId, task: `${TASK} Answer 42.` });
    const error = await refused;
    assert.ok(error instanceof ConcordError, String(error));
    assert.equal(error.code, "TASK_HASH_MISMATCH");
    assert.match(error.message, new RegExp(`job task does not match session ${sessionId}'s task hash`));
  });

  it("refuses a session that names another orchestrator than the deployment's", async () => {
    assert.equal(stack.deployment.orchestrator, stack.orchestrator.account.address, "the devnet records its orchestrator");
    // Another account than the deployment's orchestrator and than the submitter (the contract refuses a submitter that orchestrates).
    const sessionId = await newSession(TASK, undefined, "0x000000000000000000000000000000000000dEaD");
    const response = await post(server.url, { sessionId: sessionId.toString(), task: TASK });
    assert.equal(response.status, 409);
    assert.equal(response.body.error?.code, "ORCHESTRATOR_MISMATCH");
  });

  it("refuses an unknown session, a malformed body, and a server without NATS", async () => {
    const unknown = await post(server.url, { sessionId: "999", task: TASK });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error?.code, "SESSION_NOT_FOUND");
    const malformed = await post(server.url, { sessionId: "01", task: "" });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error?.code, "INVALID_REQUEST");
    assert.match(malformed.body.error!.message, /sessionId: a session id/);
    assert.match(malformed.body.error!.message, /task: /);
    // 2^256 has 78 digits but is no uint256: refused as any other bad id, before the chain is asked.
    const pastUint256 = await post(server.url, { sessionId: (maxUint256 + 1n).toString(), task: TASK });
    assert.equal(pastUint256.status, 400);
    assert.equal(pastUint256.body.error?.message, "sessionId: a session id (decimal)");
    const largest = await post(server.url, { sessionId: maxUint256.toString(), task: TASK });
    assert.equal(largest.body.error?.code, "SESSION_NOT_FOUND");
    const extra = await post(server.url, { sessionId: "1", task: TASK, agents: ["mallory"] });
    assert.equal(extra.status, 400);
    const notJson = await post(server.url, "{");
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error?.message, "the body is not JSON");
    const noNats = await post(bare.url, { sessionId: "1", task: TASK });
    assert.equal(noNats.status, 503);
    assert.equal(noNats.body.error?.code, "NATS_UNREACHABLE");
  });

  it("refuses a session whose deadline has passed", async () => {
    const now = (await stack.clients.publicClient.getBlock()).timestamp;
    const sessionId = await newSession(TASK, now + 60n);
    await stack.clients.publicClient.request({ method: "evm_increaseTime" as never, params: [120] as never });
    await stack.clients.publicClient.request({ method: "evm_mine" as never, params: [] as never });
    const response = await post(server.url, { sessionId: sessionId.toString(), task: TASK });
    assert.equal(response.status, 409);
    assert.equal(response.body.error?.code, "SESSION_NOT_OPEN");
    assert.match(response.body.error!.message, /deadline has passed/);
  });
});

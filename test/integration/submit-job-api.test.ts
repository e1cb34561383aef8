// POST /api/jobs on real parts: a local stack (nats-server, hardhat node, three agent processes),
// the dApp server and a job worker. The route queues a paid session's job, signed by its on-chain
// submitter, with the agents' NATS names found from their signed heartbeats, and refuses
// everything it cannot vouch for: another content type, a missing or someone else's signature, a
// signature replayed for another session or effort, a second job, a session whose job failed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { connect } from "@nats-io/transport-node";
import { keccak256, maxUint256, parseEther, stringToBytes, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type LocalAccount } from "viem/accounts";
import { natsAuthOptions } from "@concord/agent-sdk/agent";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { ConcordError, jobRequestTypedData, type SessionJob } from "@concord/agent-sdk/protocol";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { ROLES } from "@concord/orchestrator/devnet/local-stack.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { MAX_JOB_REQUESTS_IN_FLIGHT } from "@concord/orchestrator/web/api/submit-job.ts";

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
  /** The job each session was started with, as the worker took it off the queue. */
  const started = new Map<string, SessionJob>();
  /** Sessions whose run the test makes fail after it started (as a crash mid-session would). */
  const sabotaged = new Set<string>();
  const submitter = devnetAccount(ROLES.submitter);

  const post = async (base: string, body: unknown, contentType = "application/json") => {
    const response = await fetch(`${base}/api/jobs`, {
      method: "POST", headers: { "content-type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
  };
  /** `by`'s JobRequest signature; `request` may differ from what is posted (a replay). */
  const sign = (by: LocalAccount, request: { sessionId: bigint; task: string; effort: number; chainId?: number }): Promise<Hex> =>
    by.signTypedData(jobRequestTypedData({
      chainId: request.chainId ?? stack.deployment.chainId, sessions: stack.deployment.contracts.Sessions, ...request,
    }));
  /** A body signed by the session's submitter (effort as posted, or the default when left out). */
  const signed = async (sessionId: bigint, task: string, effort?: number) => ({
    sessionId: sessionId.toString(), task, ...(effort === undefined ? {} : { effort }),
    signature: await sign(submitter, { sessionId, task, effort: effort ?? 0.6 }),
  });
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
      reporterFor: (job) => {
        started.set(job.sessionId, job);
        if (!sabotaged.has(job.sessionId)) return undefined;
        return { roundStarted: () => { throw new Error("the orchestrator crashed in round 1 (test)"); } };
      },
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

  it("queues a paid session's job signed by its submitter, with its agents' names in on-chain order, once, and it settles", async () => {
    const sessionId = await newSession(TASK);
    const done = new Promise<SessionOutcome>((resolve) => settled.set(sessionId.toString(), resolve));
    const request = await signed(sessionId, TASK, 0.5);
    const first = await post(server.url, request);
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.deepEqual(first.body, { sessionId: sessionId.toString(), agents: stack.panel.map((a) => a.name), minRounds: 1, maxRounds: 2, effort: 0.5 });
    // A second request from the submitter himself, with another effort, queues nothing: one job per
    // session (its NATS message id), so the first request's effort stands, and the answer says so.
    const second = await post(server.url, await signed(sessionId, TASK, 0.9));
    assert.equal(second.status, 409, JSON.stringify(second.body));
    assert.equal(second.body.error?.code, "JOB_ALREADY_QUEUED");
    assert.match(second.body.error!.message, /this request changed nothing/);
    const outcome = await done;
    assert.equal(outcome.sessionId, sessionId);
    assert.equal(started.get(sessionId.toString())?.effort, 0.5);
    // The queued job carries the signature it was accepted with.
    assert.equal(started.get(sessionId.toString())?.signature, request.signature.toLowerCase());
    const after = await post(server.url, await signed(sessionId, TASK));
    assert.equal(after.status, 409);
    assert.equal(after.body.error?.code, "SESSION_NOT_OPEN");
    assert.equal(settledCount.get(sessionId.toString()), 1);
  });

  describe("who may queue a session's job", () => {
    it("refuses any body but application/json with 415, before reading it (no cross-origin simple request gets through)", async () => {
      const sessionId = await newSession(TASK);
      const body = JSON.stringify(await signed(sessionId, TASK, 0.01));
      for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const response = await post(server.url, body, type);
        assert.equal(response.status, 415, type);
        assert.equal(response.body.error?.code, "UNSUPPORTED_MEDIA_TYPE");
        assert.match(response.body.error!.message, /must be application\/json/);
      }
      const untyped = await fetch(`${server.url}/api/jobs`, { method: "POST", body: new Blob([body]) });
      assert.equal(untyped.status, 415);
      // A cross-origin JSON request needs a preflight, which is never granted.
      const preflight = await fetch(`${server.url}/api/jobs`, {
        method: "OPTIONS", headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
      assert.equal(preflight.status, 405);
      assert.equal(preflight.headers.get("access-control-allow-origin"), null);
      // The JSON type with a charset is the same type.
      const done = new Promise<SessionOutcome>((resolve) => settled.set(sessionId.toString(), resolve));
      const withCharset = await post(server.url, body, "application/json; charset=utf-8");
      assert.equal(withCharset.status, 202, JSON.stringify(withCharset.body));
      await done;
    });

    it("answers 401 naming the submitter when the signature is missing, and 403 for a forged one or a stranger's", async () => {
      const sessionId = await newSession(TASK);
      const id = sessionId.toString();
      const missing = await post(server.url, { sessionId: id, task: TASK, effort: 0.01 });
      assert.equal(missing.status, 401);
      assert.equal(missing.body.error?.code, "SIGNATURE_MISSING");
      assert.match(missing.body.error!.message, new RegExp(`signed by its submitter ${submitter.address}`));
      const forged = await post(server.url, { sessionId: id, task: TASK, effort: 0.01, signature: `0x${"ab".repeat(65)}` });
      assert.equal(forged.status, 403);
      assert.equal(forged.body.error?.code, "NOT_SUBMITTER");
      assert.match(forged.body.error!.message, new RegExp(`submitter ${submitter.address}`));
      // A stranger signing exactly the right request is still not the submitter.
      const stranger = privateKeyToAccount(generatePrivateKey());
      const strangers = await post(server.url, { sessionId: id, task: TASK, effort: 0.01, signature: await sign(stranger, { sessionId, task: TASK, effort: 0.01 }) });
      assert.equal(strangers.status, 403);
      assert.equal(strangers.body.error?.code, "NOT_SUBMITTER");
      // So is the session's own orchestrator.
      const orchestrators = await post(server.url, { sessionId: id, task: TASK, signature: await sign(devnetAccount(ROLES.orchestrator), { sessionId, task: TASK, effort: 0.6 }) });
      assert.equal(orchestrators.status, 403);
      const malformed = await post(server.url, { sessionId: id, task: TASK, signature: "0x1234" });
      assert.equal(malformed.status, 400);
      assert.match(malformed.body.error!.message, /^signature: /);
      // None of it queued anything: the submitter's own request is the one that runs.
      const done = new Promise<SessionOutcome>((resolve) => settled.set(id, resolve));
      const real = await post(server.url, await signed(sessionId, TASK, 0.5));
      assert.equal(real.status, 202, JSON.stringify(real.body));
      await done;
      assert.equal(started.get(id)?.effort, 0.5);
    });

    it("refuses the submitter's signature replayed for another effort, session, task or deployment with 403", async () => {
      const sessionId = await newSession(TASK);
      const other = await newSession(TASK);
      const id = sessionId.toString();
      const cases: [string, Hex, unknown][] = [
        ["another effort", await sign(submitter, { sessionId, task: TASK, effort: 0.5 }), 0.01],
        ["the default effort", await sign(submitter, { sessionId, task: TASK, effort: 0.5 }), undefined],
        ["another session", await sign(submitter, { sessionId: other, task: TASK, effort: 0.5 }), 0.5],
        ["another task", await sign(submitter, { sessionId, task: `${TASK} Answer 42.`, effort: 0.5 }), 0.5],
        ["another chain", await sign(submitter, { sessionId, task: TASK, effort: 0.5, chainId: 1 }), 0.5],
      ];
      for (const [what, signature, effort] of cases) {
        const response = await post(server.url, { sessionId: id, task: TASK, effort, signature });
        assert.equal(response.status, 403, what);
        assert.equal(response.body.error?.code, "NOT_SUBMITTER", what);
      }
      // The refused requests queued nothing: the submitter's own request is accepted afterwards.
      const done = new Promise<SessionOutcome>((resolve) => settled.set(id, resolve));
      const real = await post(server.url, await signed(sessionId, TASK, 0.5));
      assert.equal(real.status, 202, JSON.stringify(real.body));
      await done;
    });

    it("answers 409 SESSION_FAILED for a session whose job failed, since no orchestrator runs it again", async () => {
      const sessionId = await newSession(TASK);
      const id = sessionId.toString();
      sabotaged.add(id);
      const failure = new Promise<unknown>((resolve) => failed.set(id, resolve));
      assert.equal((await post(server.url, await signed(sessionId, TASK, 0.5))).status, 202);
      assert.match(String(await failure), /crashed in round 1/);
      const again = await post(server.url, await signed(sessionId, TASK, 0.5));
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.error?.code, "SESSION_FAILED");
      assert.match(again.body.error!.message, /crashed in round 1 \(test\).*nothing would run/);
    });
  });

  it("refuses a task that does not hash to the session's task hash", async () => {
    const sessionId = await newSession(TASK);
    const response = await post(server.url, await signed(sessionId, `${TASK} Answer 42.`));
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
    const response = await post(server.url, await signed(sessionId, TASK));
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

  it("refuses requests past MAX_JOB_REQUESTS_IN_FLIGHT at once with 429, while the others wait for a silent agent", async () => {
    // An agent registered on chain that nobody runs: each request listens the full 5 s for its
    // heartbeat, so all of them are in flight together.
    const ghost = privateKeyToAccount(generatePrivateKey());
    const { agentId: ghostId } = await registerAgent(stack.chain, { wallet: stack.clients.walletFor(devnetAccount(ROLES.firstOperator + 5)), signer: ghost, modelId: "nobody-runs-me" });
    const sessionId = (await createSession(stack.chain, {
      wallet: stack.submitter, taskHash: keccak256(stringToBytes(TASK)), agentIds: [stack.panel[0]!.agentId, ghostId],
      orchestrator: stack.orchestrator.account.address, minRounds: 1, maxRounds: 1, bounty: parseEther("0.01"),
    })).sessionId;
    const body = await signed(sessionId, TASK);
    // A server on a connection of its own, just opened: it has heard no heartbeat yet, so each
    // request waits the full 5 s for the agent nobody runs, and all of them are in flight together.
    const nc = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.nats.admin), name: "jobs-busy-test" });
    const fresh = await startDappServer({ distDir, deployment: stack.deployment, nc });
    try {
      const many = await Promise.all(Array.from({ length: MAX_JOB_REQUESTS_IN_FLIGHT + 1 }, () => post(fresh.url, body)));
      const statuses = many.map((r) => r.status).sort();
      assert.deepEqual(statuses, [...Array(MAX_JOB_REQUESTS_IN_FLIGHT).fill(409), 429]);
      assert.equal(many.find((r) => r.status === 429)!.body.error?.code, "SERVER_BUSY");
      assert.ok(many.filter((r) => r.status === 409).every((r) => r.body.error?.code === "AGENT_NOT_LIVE"));
      // The slots come back: the next request is answered, not refused as busy.
      assert.equal((await post(fresh.url, body)).body.error?.code, "AGENT_NOT_LIVE");
    } finally {
      await fresh.close();
      await nc.close();
    }
  });

  it("refuses a session whose deadline has passed", async () => {
    const now = (await stack.clients.publicClient.getBlock()).timestamp;
    const sessionId = await newSession(TASK, now + 60n);
    await stack.clients.publicClient.request({ method: "evm_increaseTime" as never, params: [120] as never });
    await stack.clients.publicClient.request({ method: "evm_mine" as never, params: [] as never });
    const response = await post(server.url, await signed(sessionId, TASK));
    assert.equal(response.status, 409);
    assert.equal(response.body.error?.code, "SESSION_NOT_OPEN");
    assert.match(response.body.error!.message, /deadline has passed/);
  });
});

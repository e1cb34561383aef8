// The OpenAI-compatible chat gateway on real parts: a local stack (nats-server, hardhat node,
// three simulated agents), the dApp server with the gateway on, and a job worker. Asked through
// the `openai` npm client (and plain fetch where the wire itself is checked), each request
// creates a session paid by the gateway's payer, and the answer is the settled session's.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { parseEther } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { chatCompletionConcord, sessionEvent, sessionStatusCode, sessionTranscript, taskFamilyId } from "@concord/agent-sdk/protocol";
import { readSession } from "@concord/orchestrator/chain/actions/index.ts";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import type { ChatGateway } from "@concord/orchestrator/gateway/chat-gateway.ts";
import { SpendAllowance } from "@concord/orchestrator/gateway/spend-allowance.ts";
import { readStoredSession } from "@concord/orchestrator/state/stored-session.ts";
import { startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { serverSentEvents } from "../support/sse.ts";

const TASK = "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";
const TOKEN = "test-gateway-token";
const MODEL = "concord/devnet";

describe("the OpenAI-compatible gateway", { timeout: 120_000 }, () => {
  let stack: LocalStack;
  let server: DappServer;
  let worker: JobWorker;
  let distDir: string;
  let client: OpenAI;
  let gateway: ChatGateway;
  let crashNext = false;

  const sessionCount = () => stack.chain.publicClient.readContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "sessionCount" });
  /** The settled session's final answer as the server's transcript route publishes it. */
  async function settledAnswer(sessionId: string): Promise<string> {
    const session = await readSession(stack.chain, { sessionId: BigInt(sessionId) });
    assert.equal(session.status, sessionStatusCode("Settled"));
    assert.equal(session.submitter, gateway.payer.account.address, "the gateway's payer paid for it");
    const transcript = sessionTranscript.parse(await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json());
    return transcript.final!.answer;
  }

  before(async () => {
    stack = await startLocalStack();
    gateway = {
      token: TOKEN, payer: stack.submitter, panels: [
        { name: "devnet", agents: stack.panel.map((a) => a.name) },
        { name: "devnet-arithmetic", agents: stack.panel.map((a) => a.name), taskFamily: "arithmetic" },
      ],
      bounty: parseEther("0.01"), minRounds: 1, maxRounds: 2, timeoutMs: 60_000,
    };
    distDir = await mkdtemp(path.join(os.tmpdir(), "concord-gateway-"));
    await writeFile(path.join(distDir, "index.html"), "<!doctype html><title>Concord</title>");
    server = await startDappServer({ distDir, deployment: stack.deployment, nc: stack.nc, gateway });
    worker = await startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: "gateway-test",
      // The session started while `crashNext` is set fails in round 1, as a crashed orchestrator's would.
      reporterFor: () => {
        if (!crashNext) return undefined;
        crashNext = false;
        return { roundStarted: () => { throw new Error("the orchestrator crashed in round 1 (test)"); } };
      },
    });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });

  after(async () => {
    await worker?.stop();
    await server?.close();
    await stack?.stop();
    if (distDir) await rm(distDir, { recursive: true, force: true });
  });

  it("lists one model per panel, with the agents it uses and the task family it names", async () => {
    const models = await client.models.list();
    assert.deepEqual(models.data.map((m) => m.id), [MODEL, "concord/devnet-arithmetic"]);
    assert.deepEqual((models.data[0] as unknown as { agents: string[] }).agents, stack.panel.map((a) => a.name));
    assert.equal((models.data[0] as unknown as { task_family?: string }).task_family, undefined);
    assert.equal((models.data[1] as unknown as { task_family?: string }).task_family, "arithmetic");
  });

  it("creates a panel's sessions in its task family, and weighs its agents there", async () => {
    const completion = await client.chat.completions.create({ model: "concord/devnet-arithmetic", messages: [{ role: "user", content: TASK }] });
    const { sessionId } = chatCompletionConcord.parse((completion as unknown as { concord: unknown }).concord);
    const read = { address: stack.deployment.contracts.Sessions, abi: sessionsAbi } as const;
    assert.equal(await stack.clients.publicClient.readContract({ ...read, functionName: "taskFamily", args: [BigInt(sessionId)] }), taskFamilyId("arithmetic"));
    // Settled: recorded in the family's histories, one session each.
    for (const agent of stack.panel) {
      const [sessions] = await stack.clients.publicClient.readContract({ ...read, functionName: "familyHistory", args: [agent.agentId, taskFamilyId("arithmetic")] });
      assert.equal(sessions, 1n);
    }
  });

  it("answers with the settled session's final answer, and its deliberation in `concord`; its events replay as SSE", async () => {
    const completion = await client.chat.completions.create({
      model: MODEL, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: TASK }],
    });
    const concord = chatCompletionConcord.parse((completion as unknown as { concord: unknown }).concord);
    assert.equal(completion.choices[0]!.finish_reason, "stop");
    assert.equal(completion.choices[0]!.message.content, await settledAnswer(concord.sessionId));
    assert.ok(concord.rounds >= 1);
    assert.equal(concord.scores.length, stack.panel.length);
    assert.ok(concord.agents.includes(concord.winner));
    // usage: the tokens every agent reported in the stored session, over every round and phase.
    const { snapshot } = await readStoredSession(stack.nc, stack.deployment, concord.sessionId);
    const reported = snapshot!.rounds.flatMap((r) => [...r.proposals, ...r.evaluations]).map((m) => m?.usage);
    const prompt = reported.reduce((sum, u) => sum + (u?.promptTokens ?? 0), 0);
    const completionTokens = reported.reduce((sum, u) => sum + (u?.completionTokens ?? 0), 0);
    assert.ok(prompt > 0 && completionTokens > 0, "the agents reported tokens");
    assert.deepEqual(completion.usage, { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens });

    const res = await fetch(`${server.url}/api/sessions/${concord.sessionId}/events`);
    const events = [];
    for await (const e of serverSentEvents(res)) events.push(sessionEvent.parse(JSON.parse(e.data)));
    assert.equal(events[0]!.type, "round-started");
    const last = events.at(-1)!;
    assert.equal(last.type, "session-settled");
    assert.equal(last.type === "session-settled" && last.txHash, concord.settledTxHash);
    assert.equal(events.filter((e) => e.type === "round-recorded").length, concord.rounds);
  });

  it("streams OpenAI chunks: progress comments, the answer, a stop chunk with `concord`, then [DONE]", async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: "user", content: TASK }] }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const data: string[] = [];
    /** The progress comments heard before the first data event. */
    const progress: string[] = [];
    for await (const e of serverSentEvents(res, (c) => data.length === 0 && progress.push(c))) data.push(e.data);
    assert.equal(data.at(-1), "[DONE]");
    assert.ok(progress.some((c) => /^session \d+ round 1 started$/.test(c)), progress.join(" | "));
    assert.ok(progress.some((c) => /^session \d+ round 1 tallied: /.test(c)), progress.join(" | "));
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as {
      object: string; choices: { delta: { content?: string }; finish_reason: string | null }[]; concord?: unknown; usage?: { total_tokens: number };
    });
    assert.ok(chunks.every((c) => c.object === "chat.completion.chunk"));
    const stop = chunks.at(-1)!;
    assert.equal(stop.choices[0]!.finish_reason, "stop");
    const concord = chatCompletionConcord.parse(stop.concord);
    const content = chunks.map((c) => c.choices[0]!.delta.content ?? "").join("");
    assert.equal(content, await settledAnswer(concord.sessionId));
    assert.ok(stop.usage!.total_tokens > 0, "the stop chunk carries the session's usage");
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === undefined), "only the stop chunk does");
  });

  describe("refusals, in OpenAI's error shape", () => {
    it("refuses a caller without the token (401), and pays for nothing", async () => {
      const before = await sessionCount();
      const stranger = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "not-the-token", maxRetries: 0 });
      await assert.rejects(stranger.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: TASK }] }),
        (e: unknown) => e instanceof OpenAI.AuthenticationError && e.code === "invalid_api_key");
      const bare = await fetch(`${server.url}/v1/models`);
      assert.equal(bare.status, 401);
      assert.equal(((await bare.json()) as { error: { type: string } }).error.type, "authentication_error");
      assert.equal(await sessionCount(), before);
    });

    it("answers an unknown model 404 model_not_found", async () => {
      await assert.rejects(client.chat.completions.create({ model: "concord/nobody", messages: [{ role: "user", content: TASK }] }),
        (e: unknown) => e instanceof OpenAI.NotFoundError && e.code === "model_not_found");
    });

    it("answers a body that is not JSON 400", async () => {
      const res = await fetch(`${server.url}/v1/chat/completions`, {
        method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` }, body: "{",
      });
      assert.equal(res.status, 400);
      const { error } = (await res.json()) as { error: { type: string; code: string; message: string } };
      assert.equal(error.type, "invalid_request_error");
      assert.equal(error.code, "invalid_request");
    });

    it("answers 504 session_timeout when the session does not settle in the gateway's time", async () => {
      const impatient = await startDappServer({ distDir, deployment: stack.deployment, nc: stack.nc, gateway: { ...gateway, timeoutMs: 1 } });
      try {
        const res = await fetch(`${impatient.url}/v1/chat/completions`, {
          method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: TASK }] }),
        });
        assert.equal(res.status, 504);
        const { error } = (await res.json()) as { error: { type: string; code: string; message: string } };
        assert.equal(error.code, "session_timeout");
        // The session goes on without the caller: it settles all the same.
        const id = /session (\d+)/.exec(error.message)![1]!;
        const events = [];
        for await (const e of serverSentEvents(await fetch(`${server.url}/api/sessions/${id}/events`))) events.push(e.event);
        assert.equal(events.at(-1), "session-settled");
      } finally {
        await impatient.close();
      }
    });

    it("answers 502 session_failed when the session fails", async () => {
      crashNext = true;
      await assert.rejects(client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: TASK }] }),
        (e: unknown) => e instanceof OpenAI.APIError && e.status === 502 && e.code === "session_failed" && /crashed in round 1/.test(e.message));
    });

    it("answers a task the agents refuse 422 task_refused, before any session is created", async () => {
      const before = await sessionCount();
      await assert.rejects(client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Write a sonnet about the sea." }] }),
        (e: unknown) => e instanceof OpenAI.UnprocessableEntityError && e.code === "task_refused");
      assert.equal(await sessionCount(), before);
    });

    it("answers 503 panel_unavailable when a panel agent is not heard, and gives its reservation back (nothing was paid)", async () => {
      const allowance = new SpendAllowance(gateway.bounty);
      const names = stack.panel.map((a) => a.name);
      const ghostly = await startDappServer({
        distDir, deployment: stack.deployment, nc: stack.nc,
        gateway: { ...gateway, allowance, panels: [{ name: "devnet", agents: [names[0]!, names[1]!, "ghost"] }] },
      });
      try {
        const before = await sessionCount();
        const res = await fetch(`${ghostly.url}/v1/chat/completions`, {
          method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: TASK }] }),
        });
        assert.equal(res.status, 503);
        const { error } = (await res.json()) as { error: { type: string; code: string; message: string } };
        assert.deepEqual([error.type, error.code], ["server_error", "panel_unavailable"]);
        assert.match(error.message, /^nothing was paid: CONFIG_INVALID: no heartbeat within 5 s from: ghost/);
        // The whole allowance is still there: the next request is not refused for quota.
        assert.equal(allowance.spent(), 0n);
        assert.equal(await sessionCount(), before);
      } finally {
        await ghostly.close();
      }
    });

    it("answers 429 insufficient_quota once its spend allowance is used, creating nothing; a refused task costs none of it", async () => {
      const allowance = new SpendAllowance(gateway.bounty);
      const capped = await startDappServer({ distDir, deployment: stack.deployment, nc: stack.nc, gateway: { ...gateway, allowance } });
      try {
        const cappedClient = new OpenAI({ baseURL: `${capped.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
        const before = await sessionCount();
        // Refused by the agents' preflight: nothing was paid, so the allowance is untouched.
        await assert.rejects(cappedClient.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Write a sonnet about the sea." }] }),
          (e: unknown) => e instanceof OpenAI.UnprocessableEntityError);
        assert.equal(allowance.spent(), 0n);
        // Another request's bounty takes the whole allowance: this one is refused before any session.
        assert.ok(allowance.reserve(gateway.bounty).granted);
        const res = await fetch(`${capped.url}/v1/chat/completions`, {
          method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: TASK }] }),
        });
        assert.equal(res.status, 429);
        const retryAfter = Number(res.headers.get("retry-after"));
        assert.ok(retryAfter > 23 * 3600 && retryAfter <= 24 * 3600, `retry-after ${retryAfter} s: when the spend leaves the 24 h window`);
        const { error } = (await res.json()) as { error: { type: string; code: string; message: string } };
        assert.equal(error.code, "insufficient_quota");
        assert.match(error.message, /0\.01 ETH of bounties in 24 h; 0\.01 ETH is spent/);
        assert.equal(await sessionCount(), before, "no session was created");
      } finally {
        await capped.close();
      }
    });
  });
});

// The OpenAI-compatible provider against a local server speaking the chat-completions wire format.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import {
  extractJsonObject, openAiCompatibleAgent, type OpenAiCompatibleOptions, parseRetryAfter,
} from "@concord/agent-sdk/providers";
import type { EvaluateContext, ProposeContext } from "@concord/agent-sdk/agent";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { MAX_REPLY_BYTES } from "@concord/agent-sdk/providers";
import { completion, reply, startChatServer, type Responder, type Seen } from "../support/chat-server.ts";

const servers: { close(): Promise<void> }[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A chat-completions server that answers each request with the next scripted responder. */
async function chatServer(...responders: Responder[]) {
  const handle = await startChatServer(() => responders.shift() ?? reply(500, { error: { message: "no scripted reply left" } }));
  servers.push(handle);
  return handle;
}

const hash = (byte: string) => `0x${byte.repeat(32)}` as const;
const proposeContext = (): ProposeContext => ({ sessionId: "7", round: 1, task: "What is 6 × 7?", deadline: Date.now() + 10_000 });
const evaluateContext = (): EvaluateContext => ({
  ...proposeContext(),
  ownProposal: { thoughtProcess: "six sevens", solution: "42" },
  candidates: [
    { label: "Candidate_A", thoughtProcess: "6*7", solution: "42", salt: hash("0b"), proposalHash: hash("bb") },
    { label: "Candidate_B", thoughtProcess: "6+7", solution: "13", salt: hash("0c"), proposalHash: hash("cc") },
  ],
});
const proposal = JSON.stringify({ thoughtProcess: "6 × 7 = 42", solution: "42" });
const evaluation = JSON.stringify({
  evaluations: [
    { label: "Candidate_A", endorsement: 90, justification: "correct", stance: "support", claims: [{ claim: "6 × 7 = 42", verdict: "agree" }], isFinalSolution: true },
    { label: "Candidate_B", endorsement: -80, justification: "adds instead", stance: "oppose", isFinalSolution: false },
  ],
});

const agentFor = (baseUrl: string, extra: Partial<OpenAiCompatibleOptions> = {}) =>
  openAiCompatibleAgent({ name: "alice", baseUrl, model: "qwen2.5:7b", apiKey: "sk-test", backoff: { baseMs: 1, maxMs: 5 }, ...extra });
const hasCode = (code: string, text?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ConcordError, `expected a ConcordError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  if (text) assert.match(error.message, text);
  return true;
};
const allText = (seen: Seen) => seen.body.messages.map((m: { content: string }) => m.content).join("\n");

describe("openAiCompatibleAgent", () => {
  describe("propose", () => {
    it("posts the task to /chat/completions with the model, key and json_object format, and returns the answer with usage", async () => {
      const server = await chatServer(completion(proposal));
      const agent = agentFor(server.baseUrl, { price: { promptPerMTok: 2, completionPerMTok: 10 }, temperature: 0.2, maxTokens: 512 });
      const answer = await agent.propose(proposeContext());
      assert.equal(answer.solution, "42");
      assert.equal(answer.thoughtProcess, "6 × 7 = 42");
      const [seen] = server.seen;
      assert.equal(seen!.path, "/v1/chat/completions");
      assert.equal(seen!.headers.authorization, "Bearer sk-test");
      assert.equal(seen!.body.model, "qwen2.5:7b");
      assert.deepEqual(seen!.body.response_format, { type: "json_object" });
      assert.equal(seen!.body.temperature, 0.2);
      assert.equal(seen!.body.max_tokens, 512);
      assert.match(allText(seen!), /What is 6 × 7\?/);
      assert.equal(answer.usage?.promptTokens, 100);
      assert.equal(answer.usage?.completionTokens, 20);
      assert.equal(answer.usage?.costUsd, (100 * 2 + 20 * 10) / 1e6);
      assert.ok((answer.usage?.latencyMs ?? -1) >= 0);
    });

    it("renders round feedback: score matrix, own score, critiques and contested claims", async () => {
      const server = await chatServer(completion("```json\n" + proposal + "\n```"));
      await agentFor(server.baseUrl).propose({
        ...proposeContext(),
        round: 2,
        feedback: {
          round: 1,
          scoreMatrix: { labels: ["You", "Peer_A"], rows: [{ evaluator: "You", votes: [null, -71] }, { evaluator: "Peer_A", votes: [-100, null] }] },
          ownProposal: { solution: "13", thoughtProcess: "6+7", score: -100, rank: 2, of: 2 },
          critiques: [{ from: "Peer_A", endorsement: -90, stance: "oppose", justification: "added instead of multiplying" }],
          contestedClaims: [{ claim: "6 × 7 = 13", agree: 1, disagree: 1 }],
        },
      });
      const text = allText(server.seen[0]!);
      assert.match(text, /scored -100 and ranked 2 of 2/);
      assert.match(text, /Peer_A \(oppose, endorsement -90\): added instead of multiplying/);
      assert.match(text, /"6 × 7 = 13": 1 agree, 1 disagree/);
      assert.match(text, /Peer_A\s+-100\s+-/);
    });
  });

  describe("evaluate", () => {
    it("shows the own proposal as a baseline and the candidates by label only (json_schema format), and returns every assessment", async () => {
      const server = await chatServer(completion(`Here you go:\n${evaluation}`));
      const answer = await agentFor(server.baseUrl, { responseFormat: "json_schema" }).evaluate(evaluateContext());
      assert.deepEqual(answer.assessments.map((a) => [a.label, a.endorsement]), [["Candidate_A", 90], ["Candidate_B", -80]]);
      const format = server.seen[0]!.body.response_format;
      assert.equal(format.type, "json_schema");
      assert.equal(format.json_schema.name, "evaluation");
      assert.ok(format.json_schema.schema.properties.evaluations);
      const text = allText(server.seen[0]!);
      assert.match(text, /Candidate_A[\s\S]*6\*7[\s\S]*Candidate_B[\s\S]*6\+7/);
      assert.match(text, /own proposal[\s\S]*six sevens/i);
      assert.doesNotMatch(text, /alice/i, "the agent's name never reaches the model");
      assert.equal(answer.usage?.promptTokens, 100);
    });

    it("repairs a reply missing a candidate once, summing the usage of both calls", async () => {
      const partial = JSON.stringify({ evaluations: [JSON.parse(evaluation).evaluations[0]] });
      const server = await chatServer(completion(partial), completion(evaluation, { prompt_tokens: 150, completion_tokens: 30 }));
      const answer = await agentFor(server.baseUrl).evaluate(evaluateContext());
      assert.equal(answer.assessments.length, 2);
      assert.deepEqual([answer.usage?.promptTokens, answer.usage?.completionTokens], [250, 50]);
      const repair = server.seen[1]!.body.messages;
      assert.equal(repair.at(-2).role, "assistant");
      assert.match(repair.at(-1).content, /invalid because:[\s\S]*no assessment for Candidate_B/);
    });
  });

  describe("solve", () => {
    it("asks for the answer alone with a confidence, and returns both with usage", async () => {
      const server = await chatServer(completion(JSON.stringify({ thoughtProcess: "6 × 7", solution: "42", confidence: 0.8 })));
      const answer = await agentFor(server.baseUrl).solve!({ task: "What is 6 × 7?", sample: 2, deadline: Date.now() + 10_000 });
      assert.deepEqual([answer.solution, answer.confidence, answer.usage?.promptTokens], ["42", 0.8, 100]);
      assert.match(allText(server.seen[0]!), /What is 6 × 7\?[\s\S]*"confidence"/);
    });

    it("repairs a confidence outside [0, 1] once", async () => {
      const server = await chatServer(
        completion(JSON.stringify({ solution: "42", confidence: 80 })),
        completion(JSON.stringify({ solution: "42", confidence: 0.8 })),
      );
      const answer = await agentFor(server.baseUrl).solve!({ task: "What is 6 × 7?", sample: 0, deadline: Date.now() + 10_000 });
      assert.equal(answer.confidence, 0.8);
      assert.match(server.seen[1]!.body.messages.at(-1).content, /invalid because:[\s\S]*confidence/);
    });
  });

  describe("bad output", () => {
    it("repairs a malformed reply with the validation errors appended", async () => {
      const server = await chatServer(completion("The answer is 42."), completion(proposal));
      const answer = await agentFor(server.baseUrl).propose(proposeContext());
      assert.equal(answer.solution, "42");
      assert.equal(server.seen.length, 2);
      assert.match(server.seen[1]!.body.messages.at(-1).content, /invalid because:\nthe reply holds no parseable JSON object/);
    });

    it("fails with PROVIDER_BAD_OUTPUT quoting the reply when the repair is malformed too", async () => {
      const server = await chatServer(completion('{"solution": 42}'), completion(`{"answer": "${"x".repeat(300)}"}`));
      await assert.rejects(agentFor(server.baseUrl).propose(proposeContext()), hasCode("PROVIDER_BAD_OUTPUT", /\{\\"answer\\": \\"x{180,}"$/));
      assert.equal(server.seen.length, 2);
    });
  });

  describe("transport", () => {
    it("times out at the task deadline with PROVIDER_TIMEOUT while the server holds its reply", async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const server = await chatServer(async (res) => { await held; completion(proposal)(res); });
      await assert.rejects(agentFor(server.baseUrl).propose({ ...proposeContext(), deadline: Date.now() + 300 }), hasCode("PROVIDER_TIMEOUT", /deadline/));
      release();
    });

    it("retries a 500 and succeeds", async () => {
      const server = await chatServer(reply(500, { error: { message: "CUDA out of memory" } }), completion(proposal));
      assert.equal((await agentFor(server.baseUrl).propose(proposeContext())).solution, "42");
      assert.equal(server.seen.length, 2);
    });

    it("honours Retry-After on a 429 before retrying", async () => {
      const server = await chatServer(reply(429, { error: { message: "slow down" } }, { "retry-after": "1" }), completion(proposal));
      assert.equal((await agentFor(server.baseUrl).propose(proposeContext())).solution, "42");
      assert.equal(server.seen.length, 2);
      assert.ok(server.seen[1]!.at - server.seen[0]!.at >= 950, `waited ${server.seen[1]!.at - server.seen[0]!.at} ms`);
    });

    it("gives up when Retry-After points past the deadline, quoting the server", async () => {
      const server = await chatServer(reply(429, { error: { message: "quota exceeded" } }, { "retry-after": "7" }));
      await assert.rejects(agentFor(server.baseUrl).propose({ ...proposeContext(), deadline: Date.now() + 2_000 }),
        hasCode("PROVIDER_UNAVAILABLE", /429 Too Many Requests \(retry after 7 s\): quota exceeded; not retried/));
      assert.equal(server.seen.length, 1);
    });

    it("reads no more than MAX_REPLY_BYTES of a reply that never ends, and fails with PROVIDER_BAD_OUTPUT without retrying", async () => {
      const chunk = "x".repeat(64 * 1024);
      const server = await chatServer(async (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        // Streams until the agent stops reading: far past the bound.
        for (let sent = 0; sent <= MAX_REPLY_BYTES + chunk.length && !res.destroyed; sent += chunk.length) {
          if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
        }
        res.end();
      });
      await assert.rejects(agentFor(server.baseUrl).propose(proposeContext()), hasCode("PROVIDER_BAD_OUTPUT", new RegExp(`sent a reply larger than ${MAX_REPLY_BYTES} bytes`)));
      assert.equal(server.seen.length, 1);
    });

    it("reports 401 as PROVIDER_UNAUTHORIZED without retrying", async () => {
      const server = await chatServer(reply(401, { error: { message: "Incorrect API key provided" } }));
      await assert.rejects(agentFor(server.baseUrl).propose(proposeContext()), hasCode("PROVIDER_UNAUTHORIZED", /401 Unauthorized: Incorrect API key provided/));
      assert.equal(server.seen.length, 1);
    });

    it("reports a missing model as PROVIDER_UNKNOWN_MODEL naming the model and the server", async () => {
      const server = await chatServer(reply(404, { object: "error", message: "The model `qwen2.5:7b` does not exist.", code: 404 }));
      await assert.rejects(agentFor(server.baseUrl).propose(proposeContext()),
        hasCode("PROVIDER_UNKNOWN_MODEL", new RegExp(`model "qwen2.5:7b" is not served at ${server.baseUrl}.*does not exist`)));
      assert.equal(server.seen.length, 1);
    });

    it("drops response_format after a 400 that blames it, and keeps it dropped", async () => {
      const server = await chatServer(reply(400, { error: { message: "response_format is not supported" } }), completion(proposal), completion(proposal));
      const agent = agentFor(server.baseUrl);
      await agent.propose(proposeContext());
      await agent.propose(proposeContext());
      assert.deepEqual(server.seen.map((s) => s.body.response_format?.type), ["json_object", undefined, undefined]);
    });

    it("reports an unreachable server as PROVIDER_UNAVAILABLE", async () => {
      const server = await chatServer();
      await server.close();
      await assert.rejects(agentFor(server.baseUrl, { maxRetries: 1 }).propose(proposeContext()), hasCode("PROVIDER_UNAVAILABLE", /cannot reach .*ECONNREFUSED.*gave up after 2 attempts/));
    });
  });

  describe("benching", () => {
    it("benches after 3 failed calls, fails fast while cooling down, then lets one probe through", async () => {
      const down = reply(503, { error: { message: "model is loading" } });
      const server = await chatServer(down, down, down, completion(proposal));
      let skew = 0;
      const agent = agentFor(server.baseUrl, { maxRetries: 0, now: () => Date.now() + skew });
      for (let i = 0; i < 3; i++) await assert.rejects(agent.propose(proposeContext()), hasCode("PROVIDER_UNAVAILABLE", /503 Service Unavailable: model is loading/));
      await assert.rejects(agent.propose(proposeContext()), hasCode("PROVIDER_BENCHED", /benched for another 30 s after 3 consecutive failures; last error: .*model is loading/));
      assert.equal(server.seen.length, 3, "a benched provider does not call its server");
      assert.equal(agent.status().state, "benched");
      assert.match(agent.status().lastError ?? "", /model is loading/);
      skew = 30_000;
      const context = { ...proposeContext(), deadline: Date.now() + skew + 10_000 };
      assert.equal((await agent.propose(context)).solution, "42");
      assert.deepEqual(agent.status(), { state: "ok" });
    });

    it("benches again at once when the probe fails", async () => {
      const down = reply(502, { error: { message: "upstream down" } });
      const server = await chatServer(down, down, down);
      let skew = 0;
      const agent = agentFor(server.baseUrl, { maxRetries: 0, bench: { threshold: 2, coolDownMs: 5_000 }, now: () => Date.now() + skew });
      for (let i = 0; i < 2; i++) await assert.rejects(agent.propose(proposeContext()), hasCode("PROVIDER_UNAVAILABLE"));
      await assert.rejects(agent.propose(proposeContext()), hasCode("PROVIDER_BENCHED", /another 5 s/));
      skew = 5_000;
      const context = () => ({ ...proposeContext(), deadline: Date.now() + skew + 10_000 });
      await assert.rejects(agent.propose(context()), hasCode("PROVIDER_UNAVAILABLE", /upstream down/));
      await assert.rejects(agent.propose(context()), hasCode("PROVIDER_BENCHED"));
      assert.equal(server.seen.length, 3);
    });
  });
});

describe("extractJsonObject", () => {
  it("finds the object after a think block, inside a fence, or after prose with braces in strings", () => {
    assert.deepEqual(extractJsonObject('<think>{"no": 1}</think>\n{"a": 1}'), { ok: true, json: { a: 1 } });
    assert.deepEqual(extractJsonObject('Sure:\n```json\n{"a": "}"}\n```'), { ok: true, json: { a: "}" } });
    assert.deepEqual(extractJsonObject('I think {so} but {"a": [1, {"b": 2}]} trailing'), { ok: true, json: { a: [1, { b: 2 }] } });
    assert.equal(extractJsonObject('{"a": 1').ok, false);
  });
  it("drops every closed think block and keeps an unclosed one's text, as the reply shows it", () => {
    assert.deepEqual(extractJsonObject('<think>{"x": 1}</think>mid<think>{"y": 2}</think>{"a": 1}'), { ok: true, json: { a: 1 } });
    assert.deepEqual(extractJsonObject('<think> never closed {"a": 2}'), { ok: true, json: { a: 2 } });
    assert.equal(extractJsonObject("<think>".repeat(50_000)).ok, false);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates, and ignores anything else", () => {
    const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    assert.equal(parseRetryAfter("7", now), 7_000);
    assert.equal(parseRetryAfter("Wed, 21 Oct 2026 07:28:30 GMT", now), 30_000);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});

// The submit form's check before money moves: the request it sends (the very createSession it
// will send), how it reads the answer or a failure, and where each problem is shown.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseEther, zeroAddress } from "viem";
import { preflightRequest, taskDataUri, type PreflightAnswer } from "@concord/agent-sdk/protocol";
import { declarationText } from "@concord/app/lib/agent-declarations.ts";
import { placeProblems, postPreflight, preflightBody, sentence } from "@concord/app/lib/preflight.ts";
import { defaultFields, validateSubmit } from "@concord/app/lib/submitForm.ts";
import { ETH } from "@concord/app/lib/tokens.ts";

const orchestrator = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const submitter = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const validated = validateSubmit({ ...defaultFields(orchestrator), task: "Ada has 3 apples. How many?", bounty: "0.5", agentIds: ["2", "1"] }, [ETH]);
if (!validated.ok) throw new Error("the fixture fields should validate");
const params = validated.params;
const json = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const answer: PreflightAnswer = {
  ok: false,
  problems: [
    { code: "AGENT_DECLINED", message: "agent ada declines: only arithmetic", agentId: "1", agent: "ada" },
    { code: "TOO_FEW_AGENTS", message: "1 of the 2 agents (ada, bram) will answer this task; a session of 2 needs at least 2 to record its rounds" },
    { code: "TASK_INVALID", message: "the task text is 20,005 characters; a job takes at most 20,000 characters" },
    { code: "INSUFFICIENT_FUNDS", message: "the submitter 0xa0 has 0 ETH, less than the bounty of 0.5 ETH (plus gas)" },
  ],
  agents: [{ agentId: "1", name: "ada", modelId: "m", capabilities: ["arithmetic-word-problems"], live: true, accepts: false, reason: "only arithmetic" }],
  notes: [],
};

describe("app/lib/preflight", () => {
  it("asks about exactly the createSession the form will send, in the server's schema", () => {
    const body = preflightBody(params, submitter);
    assert.deepEqual(preflightRequest.parse(body), body);
    assert.deepEqual(body, {
      task: "Ada has 3 apples. How many?", agentIds: ["2", "1"], submitter, token: zeroAddress, bounty: parseEther("0.5").toString(),
      orchestrator, minRounds: 1, maxRounds: 3, voteCredits: 10_000, absenceGrace: 30, deadlineSeconds: 3_600,
      taskURI: taskDataUri("Ada has 3 apples. How many?"),
    });
    const named = preflightBody({ ...params, taskFamily: "arithmetic" }, submitter);
    assert.equal(preflightRequest.parse(named).taskFamily, "arithmetic", "a task family goes along, so the estimate is of the same call");
  });

  it("posts JSON to /api/preflight and reads the answer with the server's schema", async () => {
    let sent: { url: string; init?: RequestInit } | undefined;
    const result = await postPreflight(async (url, init) => {
      sent = { url, init };
      return json(200, answer)();
    }, preflightBody(params, submitter));
    assert.deepEqual(result, { kind: "answer", answer });
    assert.equal(sent?.url, "/api/preflight");
    assert.equal(sent?.init?.method, "POST");
    assert.deepEqual(sent?.init?.headers, { "content-type": "application/json" });
    assert.ok(sent?.init?.signal instanceof AbortSignal, "the request can time out");
  });

  it("turns an unreachable server, a refusal and an unreadable answer into a message to show", async () => {
    const body = preflightBody(params, submitter);
    assert.deepEqual(await postPreflight(async () => { throw new TypeError("Failed to fetch"); }, body),
      { kind: "error", message: "the dApp server could not be asked (Failed to fetch)" });
    assert.deepEqual(await postPreflight(json(429, { error: { code: "SERVER_BUSY", message: "retry in a few seconds" } }), body),
      { kind: "error", message: "retry in a few seconds" });
    assert.deepEqual(await postPreflight(json(502, "bad gateway"), body), { kind: "error", message: "the dApp server answered HTTP 502" });
    assert.deepEqual(await postPreflight(json(200, { ok: true }), body), { kind: "error", message: "the dApp server's answer was not understood" });
  });

  it("gives up on a server that does not answer in time, so the form is not left locked", async () => {
    // A server that never answers: the request ends only when its signal aborts.
    const hung = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    assert.deepEqual(await postPreflight(hung, preflightBody(params, submitter), 50),
      { kind: "error", message: "the dApp server could not be asked (no answer within 0.05 s)" });
  });

  it("places each problem by its agent, its field (task, bounty) or in the summary", () => {
    const placed = placeProblems(answer.problems);
    assert.deepEqual([...placed.agents], [["1", ["Agent ada declines: only arithmetic."]]]);
    assert.deepEqual(placed.task, ["The task text is 20,005 characters; a job takes at most 20,000 characters."]);
    assert.deepEqual(placed.bounty, ["The submitter 0xa0 has 0 ETH, less than the bounty of 0.5 ETH (plus gas)."]);
    assert.deepEqual(placed.general, ["1 of the 2 agents (ada, bram) will answer this task; a session of 2 needs at least 2 to record its rounds."]);
    assert.equal(sentence("done."), "Done.");
  });

  it("says what an agent declares, or that it is not running", () => {
    assert.equal(declarationText(answer.agents[0]!), "takes arithmetic word problems (runs as ada)");
    assert.equal(declarationText({ agentId: "2", modelId: "m", capabilities: [], live: false }), "not running: no heartbeat from its key");
    assert.equal(declarationText({ agentId: "3", name: "cy", modelId: "m", capabilities: [], live: true }), "declares no capabilities (runs as cy)");
  });
});

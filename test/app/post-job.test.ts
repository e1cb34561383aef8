import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { postJob } from "@concord/app/lib/postJob.ts";

const answer = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const body = { sessionId: "7", task: "2 + 2?", effort: 0.6, signature: `0x${"12".repeat(65)}` as const };

describe("app/lib/postJob", () => {
  it("posts the session id, task, effort and the submitter's signature as JSON, and reads back the queued agents", async () => {
    let sent: { url: string; init?: RequestInit } | undefined;
    const result = await postJob(async (url, init) => {
      sent = { url, init };
      return answer(202, { sessionId: "7", agents: ["ada", "bram"], minRounds: 1, maxRounds: 3, effort: 0.6 })();
    }, body);
    assert.deepEqual(result, { ok: true, agents: ["ada", "bram"] });
    assert.equal(sent?.url, "/api/jobs");
    assert.equal(sent?.init?.method, "POST");
    assert.deepEqual(sent?.init?.headers, { "content-type": "application/json" });
    assert.deepEqual(JSON.parse(String(sent?.init?.body)), body);
  });

  it("passes on the server's refusal code and message", async () => {
    const result = await postJob(answer(422, { error: { code: "TASK_HASH_MISMATCH", message: "the task does not hash to …" } }), body);
    assert.deepEqual(result, { ok: false, code: "TASK_HASH_MISMATCH", message: "the task does not hash to …" });
  });

  it("reports an unreadable answer and an unreachable server", async () => {
    assert.deepEqual(await postJob(answer(502, "bad gateway"), body), { ok: false, code: "HTTP_502", message: "the dApp server answered HTTP 502" });
    const down = await postJob(async () => { throw new TypeError("fetch failed"); }, body);
    assert.deepEqual(down, { ok: false, code: "NETWORK", message: "the dApp server did not answer: fetch failed" });
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, stringToBytes } from "viem";
import { publishedTaskText } from "@concord/app/lib/task-text.ts";

const task = "Chloe has 13 stamps. How many stamps does Chloe have now?";
const taskHash = keccak256(stringToBytes(task));
const transcript = (over: object = {}) => ({ sessionId: "7", status: "settled", task, rounds: [], halting: { round: 0, agreement: 0, confidence: 0, gain: 0, cost: 0.02 }, ...over });

/** A server answering GET /api/sessions/:id with `body` and `status`, recording the URLs asked. */
function server(status: number, body: unknown): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const fetcher = (async (input: string | URL | Request) => {
    urls.push(String(input));
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { fetch: fetcher, urls };
}

describe("app/lib/task-text", () => {
  it("gives the transcript's task when it hashes to the session's taskHash", async () => {
    const api = server(200, transcript());
    assert.equal(await publishedTaskText(api.fetch, 7n, taskHash), task);
    assert.deepEqual(api.urls, ["/api/sessions/7"]);
    assert.equal(await publishedTaskText(server(200, transcript()).fetch, 7n, taskHash.toUpperCase().replace("0X", "0x") as `0x${string}`), task, "either case of hex");
  });

  it("gives nothing for a task that is not the one hashed on chain, nor without a transcript or its task", async () => {
    assert.equal(await publishedTaskText(server(200, transcript({ task: "What is 2+2?" })).fetch, 7n, taskHash), undefined);
    assert.equal(await publishedTaskText(server(200, transcript({ task: undefined })).fetch, 7n, taskHash), undefined);
    assert.equal(await publishedTaskText(server(404, { error: { code: "NOT_FOUND", message: "no session" } }).fetch, 7n, taskHash), undefined);
    assert.equal(await publishedTaskText(server(503, { error: { code: "UNAVAILABLE", message: "no NATS" } }).fetch, 7n, taskHash), undefined);
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fetchTranscript, transcriptUrl } from "@concord/app/lib/transcript-api.ts";

function fakeFetch(status: number, body: unknown): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    }) as unknown as typeof fetch,
  };
}

const minimal = { sessionId: "7", status: "running", rounds: [], halting: { round: 0, agreement: 0, confidence: 0, gain: 0, cost: 0.02 } };

describe("fetchTranscript", () => {
  it("asks the session's API path and validates the answer", async () => {
    const fake = fakeFetch(200, minimal);
    const result = await fetchTranscript(fake.fetch, 7n);
    assert.deepEqual(fake.urls, [transcriptUrl(7n)]);
    assert.equal(transcriptUrl(7n), "/api/sessions/7");
    assert.equal(result.kind, "transcript");
  });

  it("reads sealed rounds, and transcripts served before them (no `sealed`, hashed proposals in progress)", async () => {
    const hash = `0x${"ab".repeat(32)}`;
    const sealed = {
      ...minimal,
      sealed: [{ round: 1, stage: "tallied", proposals: [{ solution: "42", reasoning: "" }], proposalHashes: [hash], present: [0, 1], absent: [], scores: [3, -3], txHash: hash }],
    };
    const read = await fetchTranscript(fakeFetch(200, sealed).fetch, 7n);
    assert.deepEqual(read.kind === "transcript" && read.transcript.sealed?.map((r) => [r.stage, r.proposals[0]?.solution]), [["tallied", "42"]]);
    const older = { ...minimal, current: { round: 1, stage: "evaluating", proposals: [{ solution: "42", reasoning: "", proposalHash: hash }], absent: [] } };
    const old = await fetchTranscript(fakeFetch(200, older).fetch, 7n);
    assert.equal(old.kind === "transcript" && old.transcript.sealed, undefined);
  });

  it("refuses an answer that fails the schema rather than trusting it", async () => {
    const result = await fetchTranscript(fakeFetch(200, { ...minimal, status: "bogus" }).fetch, 7n);
    assert.equal(result.kind, "unavailable");
    assert.match(result.kind === "unavailable" ? result.reason : "", /failed its schema/);
  });

  it("tells a session no orchestrator started (404) from a server without transcripts (503)", async () => {
    assert.deepEqual(await fetchTranscript(fakeFetch(404, { error: { code: "NOT_FOUND", message: "no" } }).fetch, 7n), { kind: "not-started" });
    assert.deepEqual(await fetchTranscript(fakeFetch(503, { error: { code: "NATS_UNREACHABLE", message: "no NATS" } }).fetch, 7n), { kind: "unavailable", reason: "no NATS" });
    assert.deepEqual(await fetchTranscript(fakeFetch(502, "oops").fetch, 7n), { kind: "unavailable", reason: "HTTP 502" });
  });
});

// The session store on a real nats-server: keys scoped to the chain and the Sessions contract, the
// largest snapshot the schemas allow split into entries that each fit a NATS message, the server's
// own max_payload respected, and a head that only its last reader may overwrite.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  buckets, ConcordError, encodeMessage, evaluateResult, MAX_RESULT_BYTES, MAX_ROUNDS, MAX_SNAPSHOT_ENTRY_BYTES, proposeResult,
} from "@concord/agent-sdk/protocol";
import { startNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { natsForSuite } from "../support/nats-for-suite.ts";
import { openSessionStore } from "@concord/orchestrator/state/session-store.ts";
import { sessionKey } from "@concord/orchestrator/state/session-key.ts";
import { staleReason } from "@concord/orchestrator/state/snapshot-origin.ts";
import type { SessionSnapshot } from "@concord/orchestrator/state/snapshot.ts";
import { largestEvaluation, largestProposal, largestSnapshot } from "../support/largest-snapshot.ts";

const SESSIONS = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const here = { chainId: 31337, contracts: { Sessions: SESSIONS } } as const;
const terms = {
  taskHash: `0x${"11".repeat(32)}`, submitter: `0x${"22".repeat(20)}`, deadline: 1_900_000_000n, agentIds: [1n, 2n], roundsRecorded: 1,
} as const;

function smallSnapshot(sessionId: string): SessionSnapshot {
  return {
    version: 2, sessionId, startedAt: 1, task: "What is 6 × 7?", agents: ["ada", "bram"],
    origin: { taskHash: terms.taskHash, submitter: terms.submitter, deadline: String(terms.deadline), agentIds: ["1", "2"] },
    rounds: [], halting: { round: 0, agreement: 0, confidence: 0, gain: 0, cost: 0 },
  };
}

describe("the session store", () => {
  let nc: NatsConnection;

  natsForSuite((_server, c) => (nc = c));

  it("finds a snapshot only under its own chain id and Sessions contract", async () => {
    await (await openSessionStore(nc, here)).save(smallSnapshot("1"));
    assert.equal((await (await openSessionStore(nc, here)).load("1"))?.task, "What is 6 × 7?");
    assert.equal(await (await openSessionStore(nc, { ...here, chainId: 1 })).load("1"), undefined);
    assert.equal(await (await openSessionStore(nc, { chainId: 31337, contracts: { Sessions: `0x${"33".repeat(20)}` } })).load("1"), undefined);
  });

  it("refuses to overwrite a head another store wrote since it read it (a deposed owner)", async () => {
    const [old, next] = [await openSessionStore(nc, here), await openSessionStore(nc, here)];
    await old.save(smallSnapshot("2"));
    await next.load("2");
    await next.save({ ...smallSnapshot("2"), task: "the new owner's" });
    await assert.rejects(old.save({ ...smallSnapshot("2"), task: "the old owner's" }), (e: unknown) => e instanceof ConcordError && e.code === "SESSION_LOST");
    assert.equal((await (await openSessionStore(nc, here)).load("2"))?.task, "the new owner's");
  });

  it("stores the largest outputs of MAX_AGENTS agents over MAX_ROUNDS rounds in entries that each fit the bound", { timeout: 60_000 }, async () => {
    // Every largest schema-valid result is taken (not refused as oversize).
    assert.ok(encodeMessage(proposeResult, largestProposal(1, 0)).length <= MAX_RESULT_BYTES);
    assert.ok(encodeMessage(evaluateResult, largestEvaluation(1, 0)).length <= MAX_RESULT_BYTES);
    const snapshot = largestSnapshot(MAX_ROUNDS - 1, true);
    const store = await openSessionStore(nc, here);
    await store.save(snapshot);
    const key = sessionKey(here, snapshot.sessionId);
    // Bound as the store binds it (create: direct gets, raw bytes), not open (JSON, base64): 1 280 large reads.
    const kv = await new Kvm(nc).create(buckets.sessionState, { history: 1 });
    let entries = 0;
    for await (const name of await kv.keys(`${key}.>`)) {
      entries += 1;
      assert.ok((await kv.get(name))!.value.length <= MAX_SNAPSHOT_ENTRY_BYTES, name);
    }
    assert.equal(entries, MAX_ROUNDS * 2 * snapshot.agents!.length);
    assert.ok((await kv.get(key))!.value.length <= MAX_SNAPSHOT_ENTRY_BYTES, "the head fits");
    const loaded = await (await openSessionStore(nc, here)).load(snapshot.sessionId);
    assert.equal(loaded?.rounds.length, MAX_ROUNDS - 1);
    assert.deepEqual(loaded?.current?.evaluated?.evaluations[9]?.result, snapshot.current?.evaluated?.evaluations[9]?.result);
    assert.deepEqual(loaded?.rounds[62]?.proposals[0], snapshot.rounds[62]?.proposals[0]);
    assert.match(loaded!.rounds[0]!.absent[0]!.reason, /…$/, "long reasons are cut");
  });

  it("keeps every entry under the server's own max_payload, and says so when one cannot be", async () => {
    const small = await startNatsServer({ maxPayload: 64 * 1024 });
    try {
      const snc = await connect({ servers: small.url });
      const store = await openSessionStore(snc, here);
      await store.save(smallSnapshot("3"));
      const big = { ...smallSnapshot("3"), task: "€".repeat(20_000) + "€".repeat(5_000) };
      await assert.rejects(store.save(big), (e: unknown) => e instanceof ConcordError && e.code === "SNAPSHOT_TOO_LARGE" && /more than the 64512/.test(e.message));
      await snc.drain();
    } finally {
      await small.stop();
    }
  });
});

describe("a stored snapshot's origin", () => {
  const stored = smallSnapshot("1");
  it("matches the session it was written for", () => {
    assert.equal(staleReason(stored, terms), undefined);
  });
  it("names what differs on a redeployed chain: terms, or more rounds than the chain recorded", () => {
    assert.match(staleReason(stored, { ...terms, deadline: 1_900_000_001n })!, /deadline/);
    assert.match(staleReason(stored, { ...terms, taskHash: `0x${"12".repeat(32)}` })!, /task hash/);
    const landed = { onChain: {} };
    assert.match(staleReason({ ...stored, rounds: [landed, landed] }, terms)!, /holds 2 round\(s\) recorded on chain, the chain 1/);
    assert.match(staleReason({ ...stored, origin: undefined }, terms)!, /does not name/);
  });
  it("resumes rounds tallied whose records had not landed: the outbox sends them", () => {
    assert.equal(staleReason({ ...stored, rounds: [{ onChain: {} }, {}, {}] }, terms), undefined);
  });
});

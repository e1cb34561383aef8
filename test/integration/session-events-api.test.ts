// GET /api/sessions/:id/events on a real nats-server: a session's stored events replayed as
// server-sent events, then live ones, ending after the session settles or fails.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { keccak256, stringToHex } from "viem";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { encodeMessage, sessionEvent, type SessionEvent, subjects } from "@concord/agent-sdk/protocol";
import { serverSentEvents, type ServerSentEvent } from "../support/sse.ts";

const txHash = keccak256(stringToHex("tx"));

describe("GET /api/sessions/:id/events", () => {
  let nats: LocalNatsServer;
  let nc: NatsConnection;
  let dapp: DappServer;
  let tmp: string;

  async function publish(event: SessionEvent): Promise<void> {
    await jetstream(nc).publish(subjects.event(event.sessionId, event.type), encodeMessage(sessionEvent, event));
  }

  async function all(res: Response): Promise<ServerSentEvent[]> {
    const events: ServerSentEvent[] = [];
    for await (const e of serverSentEvents(res)) events.push(e);
    return events;
  }

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url, ...nats.admin });
    await ensureStreams(nc);
    const deployment = {
      chainId: 31337, rpcUrl: "http://127.0.0.1:1", deployedAtBlock: "1",
      contracts: { AgentRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", Sessions: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
    } as const;
    await publish({ type: "round-started", sessionId: "1", round: 1 });
    await publish({ type: "round-recorded", sessionId: "1", round: 1, scores: [3, 9], winner: "bram", txHash });
    await publish({ type: "round-started", sessionId: "2", round: 1 });
    await publish({ type: "session-settled", sessionId: "1", winner: "bram", payouts: ["1", "2"], txHash });
    tmp = await mkdtemp(path.join(os.tmpdir(), "concord-events-"));
    await writeFile(path.join(tmp, "index.html"), "<!doctype html><title>Concord</title>");
    dapp = await startDappServer({ distDir: tmp, deployment, nc });
  });

  after(async () => {
    await dapp?.close();
    await nc?.close();
    await nats?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("replays a settled session's stored events in order, only its own, and ends after session-settled", async () => {
    const res = await fetch(`${dapp.url}/api/sessions/1/events`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const events = await all(res);
    assert.deepEqual(events.map((e) => e.event), ["round-started", "round-recorded", "session-settled"]);
    const decoded = events.map((e) => sessionEvent.parse(JSON.parse(e.data)));
    assert.ok(decoded.every((e) => e.sessionId === "1"));
    assert.deepEqual(decoded[1], { type: "round-recorded", sessionId: "1", round: 1, scores: [3, 9], winner: "bram", txHash });
  });

  it("resumes after Last-Event-ID with nothing repeated", async () => {
    const first = await all(await fetch(`${dapp.url}/api/sessions/1/events`));
    const rest = await all(await fetch(`${dapp.url}/api/sessions/1/events`, { headers: { "last-event-id": first[0]!.id! } }));
    assert.deepEqual(rest.map((e) => e.id), first.slice(1).map((e) => e.id));
  });

  it("sends the stored events, then live ones as they are published, until the session fails", async () => {
    const res = await fetch(`${dapp.url}/api/sessions/2/events`);
    const events = serverSentEvents(res);
    const stored = await events.next();
    assert.equal(stored.value?.event, "round-started");
    await publish({ type: "session-failed", sessionId: "2", reason: "every agent left" });
    const live = await events.next();
    assert.equal(live.value?.event, "session-failed");
    assert.equal((await events.next()).done, true, "the stream ends after the final event");
  });

  it("answers 400 for a malformed id", async () => {
    const res = await fetch(`${dapp.url}/api/sessions/x1/events`);
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "INVALID_MESSAGE");
  });
});

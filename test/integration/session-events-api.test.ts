// GET /api/sessions/:id/events on a real nats-server: a session's stored events replayed as
// server-sent events, then live ones, ending after the session settles or fails; and the
// consumers behind them gone once their clients leave, however early, with a cap on open streams.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { keccak256, stringToHex } from "viem";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import type { ApiRoute } from "@concord/orchestrator/web/api/api-route.ts";
import { MAX_OPEN_EVENT_STREAMS, sessionEventsRoute } from "@concord/orchestrator/web/api/session-events.ts";
import { encodeMessage, sessionEvent, type SessionEvent, streams, subjects } from "@concord/agent-sdk/protocol";
import { serverSentEvents, type ServerSentEvent } from "../support/sse.ts";

const txHash = keccak256(stringToHex("tx"));
/** Session ids nothing is ever published for: their streams would stay open for good. */
const silentSession = (i: number) => String(900_000 + i);

/**
 * The events route, counting the requests it began and returned from (it returns once the client
 * left or the stream ended, and its consumer is deleted), so a test can await their ends.
 */
function countedRoute(route: ApiRoute) {
  let started = 0;
  let finished = 0;
  const waiters = new Set<() => void>();
  const counted: ApiRoute = {
    ...route,
    async handle(...args) {
      started++;
      try {
        await route.handle(...args);
      } finally {
        finished++;
        for (const wake of waiters) wake();
      }
    },
  };
  /** Resolves once `count` requests in all have returned; rejects after `ms`. */
  function returned(count: number, ms = 10_000): Promise<void> {
    if (finished >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (finished < count) return;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`after ${ms} ms, ${finished} of the ${count} requests awaited have returned`));
      }, ms);
      waiters.add(wake);
    });
  }
  return {
    route: counted,
    returned,
    finished: () => finished,
    /** Resolves once every request begun so far has returned (the earlier tests' feeds are gone). */
    idle: () => returned(started),
  };
}

describe("GET /api/sessions/:id/events", () => {
  let nats: LocalNatsServer;
  let nc: NatsConnection;
  let dapp: DappServer;
  let tmp: string;
  const events = countedRoute(sessionEventsRoute);

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
    dapp = await startDappServer({ distDir: tmp, deployment, nc, routes: [events.route] });
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
    const sse = serverSentEvents(res);
    const stored = await sse.next();
    assert.equal(stored.value?.event, "round-started");
    await publish({ type: "session-failed", sessionId: "2", reason: "every agent left" });
    const live = await sse.next();
    assert.equal(live.value?.event, "session-failed");
    assert.equal((await sse.next()).done, true, "the stream ends after the final event");
  });

  it("answers 400 for a malformed id", async () => {
    const res = await fetch(`${dapp.url}/api/sessions/x1/events`);
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "INVALID_MESSAGE");
  });

  describe("clients that leave", () => {
    /** Subscriptions on the connection the dApp server was given (each open feed's inbox is one). */
    function subscriptions(): number {
      // nats.js has no public count; its protocol handler's is what the server is told about.
      return (nc as unknown as { protocol: { subscriptions: { size(): number } } }).protocol.subscriptions.size();
    }

    async function consumers(): Promise<number> {
      return (await (await jetstreamManager(nc)).streams.info(streams.events.name)).state.consumer_count;
    }

    type OpenStream = { readonly client: AbortController; readonly res: Response };

    /**
     * Opens `count` streams of silent sessions; resolves once each answered 200 (its consumer made).
     * Keep the responses referenced: fetch cancels the body of one that is garbage collected.
     */
    async function openStreams(count: number, first = 0): Promise<OpenStream[]> {
      return Promise.all(Array.from({ length: count }, async (_, i) => {
        const client = new AbortController();
        const res = await fetch(`${dapp.url}/api/sessions/${silentSession(first + i)}/events`, { signal: client.signal });
        assert.equal(res.status, 200);
        return { client, res };
      }));
    }

    /** Sends the request, then resets the connection without waiting for any answer. */
    function requestAndReset(pathname: string): Promise<void> {
      const { hostname, port } = new URL(dapp.url);
      return new Promise((resolve) => {
        const socket = net.connect(Number(port), hostname, () => {
          socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`, () => {
            socket.resetAndDestroy();
            resolve();
          });
        });
        socket.on("error", () => resolve());
      });
    }

    it("leaves no subscription and no consumer once clients that reset while the feed is set up are handled", async () => {
      await events.idle();
      const [subsBefore, consumersBefore, finishedBefore] = [subscriptions(), await consumers(), events.finished()];
      const clients = 40;
      await Promise.all(Array.from({ length: clients }, (_, i) => requestAndReset(`/api/sessions/${silentSession(i)}/events`)));
      await events.returned(finishedBefore + clients);
      assert.equal(subscriptions(), subsBefore, "a feed's subscription outlived its client");
      assert.equal(await consumers(), consumersBefore, "a feed's consumer outlived its client");
    });

    it("leaves no subscription and no consumer once clients that read and then disconnect are handled", async () => {
      await events.idle();
      const [subsBefore, consumersBefore, finishedBefore] = [subscriptions(), await consumers(), events.finished()];
      const clients = await openStreams(10);
      assert.equal(subscriptions(), subsBefore + 10, "each open stream has a subscription");
      assert.equal(await consumers(), consumersBefore + 10, "each open stream has a consumer");
      for (const { client } of clients) client.abort();
      await events.returned(finishedBefore + 10);
      assert.equal(subscriptions(), subsBefore, "a feed's subscription outlived its client");
      assert.equal(await consumers(), consumersBefore, "a feed's consumer outlived its client");
    });

    it(`answers 503 SERVER_BUSY past ${MAX_OPEN_EVENT_STREAMS} open streams, and takes another once one closes`, async () => {
      await events.idle();
      const [consumersBefore, finishedBefore] = [await consumers(), events.finished()];
      const clients = await openStreams(MAX_OPEN_EVENT_STREAMS);
      const refused = await fetch(`${dapp.url}/api/sessions/1/events`);
      assert.equal(refused.status, 503);
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, "SERVER_BUSY");
      assert.match(error.message, new RegExp(`\\b${MAX_OPEN_EVENT_STREAMS}\\b`));
      assert.equal(await consumers(), consumersBefore + MAX_OPEN_EVENT_STREAMS, "a refused request makes no consumer");

      clients.pop()!.client.abort();
      await events.returned(finishedBefore + 2); // the refused request and the closed stream
      clients.push(...(await openStreams(1, MAX_OPEN_EVENT_STREAMS)));

      for (const { client } of clients) client.abort();
      await events.returned(finishedBefore + 1 + MAX_OPEN_EVENT_STREAMS + 1);
      assert.equal(await consumers(), consumersBefore);
    });
  });
});

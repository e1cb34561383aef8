// The dApp's live follower (app/src/lib/nats-live.ts) against a real nats-server WebSocket
// listener, from Node (which has a WebSocket global like a browser): open, and as the stack's JWT
// viewer in operator mode.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { natsAuthOptions } from "@concord/agent-sdk/agent";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { createNatsTrust } from "@concord/orchestrator/nats-auth/nats-trust.ts";
import { natsForSuite } from "../support/nats-for-suite.ts";
import { followSessionEvents } from "@concord/app/lib/nats-live.ts";
import type { LiveAction } from "@concord/app/lib/live-status.ts";
import { encodeMessage, sessionEvent, subjects, viewerPermissions } from "@concord/agent-sdk/protocol";

describe("followSessionEvents over a real nats-server WebSocket", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;

  natsForSuite((s, c) => ((server = s), (nc = c)));

  it("refreshes once the subscription is in place (catching up on what it missed), then on each valid event of its session", { timeout: 15_000 }, async () => {
    const actions: LiveAction["type"][] = [];
    let refreshes = 0;
    let onRefresh: () => void = () => {};
    // Resolves at the count-th refresh; fails (instead of hanging) if it never comes.
    const refreshed = (count: number) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${refreshes} refreshes, expected ${count}`)), 10_000);
      onRefresh = () => {
        if (count !== refreshes) return;
        clearTimeout(timer);
        resolve();
      };
      onRefresh();
    });
    const stop = followSessionEvents({ url: server.websocketUrl }, "7", (a) => actions.push(a.type), () => {
      refreshes++;
      onRefresh();
    });
    try {
      // Connected and subscribed: one refresh before any event was published.
      await refreshed(1);
      assert.deepEqual(actions, ["connecting", "connected"]);
      // Another session's event, and a malformed one, are dropped; this session's event refreshes.
      nc.publish(subjects.event("8", "round-started"), encodeMessage(sessionEvent, { type: "round-started", sessionId: "8", round: 1 }));
      nc.publish(subjects.event("7", "round-started"), new TextEncoder().encode("{not json"));
      nc.publish(subjects.event("7", "round-started"), encodeMessage(sessionEvent, { type: "round-started", sessionId: "7", round: 1 }));
      await refreshed(2);
      assert.deepEqual(actions, ["connecting", "connected", "event"]);
    } finally {
      stop();
    }
  });

  it("reports a server it cannot reach, and never refreshes", { timeout: 15_000 }, async () => {
    const actions: LiveAction[] = [];
    let refreshes = 0;
    const unavailable = new Promise<LiveAction>((resolve) => {
      const stop = followSessionEvents({ url: "ws://127.0.0.1:1" }, "7", (a) => {
        actions.push(a);
        if (a.type === "unavailable") {
          stop();
          resolve(a);
        }
      }, () => refreshes++);
    });
    const action = await unavailable;
    assert.ok(action.type === "unavailable" && /live server/.test(action.reason), JSON.stringify(action));
    assert.equal(refreshes, 0);
  });
});

describe("followSessionEvents as the stack's JWT viewer (nats-server in operator mode)", () => {
  let server: LocalNatsServer;
  let admin: NatsConnection;
  let viewer: { jwt: string; seed: string };

  before(async () => {
    const trust = await createNatsTrust();
    server = await startNatsServer({ trust });
    admin = await connect({ servers: server.url, ...natsAuthOptions(server.admin) });
    const issued = await trust.issueUser("viewer", { permissions: viewerPermissions() });
    viewer = { jwt: issued.jwt, seed: issued.seed! };
  });

  after(async () => {
    await admin?.close();
    await server?.stop();
  });

  it("connects with the viewer's JWT and seed over WebSocket and receives its session's events", { timeout: 15_000 }, async () => {
    const actions: LiveAction["type"][] = [];
    let subscribed!: () => void;
    let evented!: () => void;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    const heard = new Promise<void>((resolve) => (evented = resolve));
    const stop = followSessionEvents({ url: server.websocketUrl, ...viewer }, "7", (a) => {
      actions.push(a.type);
      if (a.type === "event") evented();
    }, () => subscribed());
    try {
      await ready;
      admin.publish(subjects.event("7", "round-started"), encodeMessage(sessionEvent, { type: "round-started", sessionId: "7", round: 1 }));
      await heard;
      assert.deepEqual(actions, ["connecting", "connected", "event"]);
    } finally {
      stop();
    }
  });
});

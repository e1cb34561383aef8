// The dApp's live follower (app/src/lib/nats-live.ts) against a real nats-server WebSocket
// listener, from Node (which has a WebSocket global like a browser).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { NatsConnection } from "@nats-io/transport-node";
import type { LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { natsForSuite } from "../support/nats-for-suite.ts";
import { followSessionEvents } from "@concord/app/lib/nats-live.ts";
import type { LiveAction } from "@concord/app/lib/live-status.ts";
import { encodeMessage, sessionEvent, subjects } from "@concord/agent-sdk/protocol";

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

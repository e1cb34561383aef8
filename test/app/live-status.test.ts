import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeEvent, followsChain, initialLiveState, liveReducer, liveStatusText, type LiveAction } from "@concord/app/lib/live-status.ts";
import { coalesce } from "@concord/app/lib/coalesce.ts";
import type { SessionEvent } from "@concord/agent-sdk/protocol";

const run = (actions: LiveAction[], configured = true) => actions.reduce(liveReducer, initialLiveState(configured));
const recorded: SessionEvent = { type: "round-recorded", sessionId: "3", round: 2, scores: [1, -1], winner: "ada", txHash: `0x${"a".repeat(64)}` };

describe("live status", () => {
  it("follows the chain alone when no live connection is configured", () => {
    const state = initialLiveState(false);
    assert.equal(state.mode, "chain");
    assert.equal(followsChain(state), true);
    assert.equal(liveStatusText(state), "Following chain events (live updates unavailable: no live connection configured).");
  });

  it("follows the chain while connecting, and stops once connected", () => {
    assert.equal(followsChain(run([])), true);
    const connected = run([{ type: "connected" }]);
    assert.equal(connected.mode, "live");
    assert.equal(followsChain(connected), false);
    assert.equal(liveStatusText(connected), "Live: connected to NATS.");
  });

  it("counts events and names the last one", () => {
    const state = run([{ type: "connected" }, { type: "event", event: { type: "round-started", sessionId: "3", round: 2 } }, { type: "event", event: recorded }]);
    assert.equal(state.events, 2);
    assert.equal(liveStatusText(state), "Live: connected to NATS (last event: round 2 recorded).");
  });

  it("keeps the event furthest along for the progress line, whatever order events arrive in", () => {
    const recorded: SessionEvent = { type: "round-recorded", sessionId: "1", round: 2, scores: [], winner: "ada", txHash: `0x${"a".repeat(64)}` };
    const halted: SessionEvent = { type: "halted", sessionId: "1", round: 2, reason: "max-rounds", agreement: 1, confidence: 1, gain: 0, cost: 0, outcome: "consensus", tied: [] };
    const state = [halted, recorded].reduce((s, event) => liveReducer(s, { type: "event", event }), liveReducer(initialLiveState(true), { type: "connected" }));
    assert.equal(state.lastEvent, recorded);
    assert.equal(state.furthestEvent, halted);
    assert.equal(liveReducer(state, { type: "reconnecting" }).furthestEvent, halted);
  });

  it("falls back to the chain while reconnecting, and goes live again after", () => {
    const dropped = run([{ type: "connected" }, { type: "reconnecting" }]);
    assert.equal(dropped.mode, "reconnecting");
    assert.equal(followsChain(dropped), true);
    assert.match(liveStatusText(dropped), /reconnecting… following chain events meanwhile/);
    assert.equal(liveReducer(dropped, { type: "connected" }).mode, "live");
  });

  it("stays on chain events with the reason when the live server is unavailable", () => {
    const state = run([{ type: "unavailable", reason: "cannot reach the live server" }]);
    assert.equal(state.mode, "chain");
    assert.equal(liveStatusText(state), "Following chain events (live updates unavailable: cannot reach the live server).");
    assert.equal(liveReducer(state, { type: "reconnecting" }).mode, "chain");
  });

  it("describes every event type", () => {
    assert.equal(describeEvent({ type: "phase-closed", sessionId: "1", round: 1, phase: "evaluate", answered: [], missing: [] }), "round 1 evaluate phase closed");
    const halted = { type: "halted", sessionId: "1", round: 3, reason: "confident", agreement: 2 / 3, confidence: 0.9, gain: 0.001, cost: 0.02 } as const;
    assert.equal(describeEvent({ ...halted, outcome: "majority", tied: [] }), "halted after round 3 (confident): majority");
    assert.equal(describeEvent({ ...halted, outcome: "tie", tied: ["12", "13"] }), 'halted after round 3 (confident): tie between "12" and "13" (the tie rule picks one, from the proposalsHash of the round)');
    assert.equal(describeEvent({ type: "session-settled", sessionId: "1", winner: "ada", payouts: [], txHash: `0x${"b".repeat(64)}` }), "settled");
    assert.equal(describeEvent({ type: "session-failed", sessionId: "1", reason: "x" }), "failed");
    assert.equal(describeEvent({ type: "session-failed", sessionId: "1", reason: "x", refund: "open" }), "failed (refund open)");
    assert.equal(describeEvent({ type: "session-failed", sessionId: "1", reason: "x", refund: "at-deadline" }), "failed (refund after the deadline)");
  });
});

describe("coalesce", () => {
  it("runs one refetch at a time and folds triggers during it into one more run", async () => {
    let runs = 0;
    let release!: () => void;
    const gates: Promise<void>[] = [];
    const trigger = coalesce(() => {
      runs++;
      const gate = new Promise<void>((resolve) => (release = resolve));
      gates.push(gate);
      return gate;
    });
    trigger();
    trigger();
    trigger();
    assert.equal(runs, 1, "the triggers during the first run wait for it");
    release();
    await gates[0];
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runs, 2, "they fold into one more run");
    release();
    await gates[1];
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runs, 2, "and nothing runs after it");
    trigger();
    assert.equal(runs, 3, "a later trigger runs at once");
    release();
  });

  it("keeps going after a failed refetch", async () => {
    let runs = 0;
    const trigger = coalesce(async () => {
      runs++;
      throw new Error("network");
    });
    trigger();
    await new Promise((resolve) => setImmediate(resolve));
    trigger();
    assert.equal(runs, 2);
  });
});

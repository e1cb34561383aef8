import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, stringToHex, type Hex } from "viem";
import { furthestEvent, sessionProgress } from "@concord/app/lib/session-progress.ts";
import type { SessionEvent, SessionTranscript, TranscriptRound } from "@concord/agent-sdk/protocol";

const hash = (text: string): Hex => keccak256(stringToHex(text));
const states = (p: ReturnType<typeof sessionProgress>) => p.steps.map((s) => `${s.key}:${s.state}`);

function round(n: number, recorded = true): TranscriptRound {
  return {
    round: n, proposals: [], votes: [], endorsements: [], scores: [], present: [], absent: [], winnerIndex: 0,
    ...(recorded && { txHash: hash(`tx${n}`) }),
  };
}

function transcript(extra: Partial<SessionTranscript> = {}): SessionTranscript {
  return { sessionId: "1", status: "running", rounds: [], halting: { round: 0, agreement: 0, confidence: 0, gain: 0, cost: 0 }, ...extra };
}

const pick = (p: ReturnType<typeof sessionProgress>) => [p.stage, p.round, p.phase];
const event = (e: Record<string, unknown>) => ({ sessionId: "1", ...e }) as SessionEvent;

describe("sessionProgress", () => {
  it("waits for the orchestrator before any transcript or event", () => {
    const p = sessionProgress({ maxRounds: 3, chainStatus: "Open" });
    assert.equal(p.stage, "waiting");
    assert.deepEqual(states(p), ["propose:pending", "evaluate:pending", "record:pending", "settle:pending"]);
  });

  it("follows the live events phase by phase", () => {
    const seen = [
      event({ type: "round-started", round: 1 }),
      event({ type: "phase-closed", round: 1, phase: "propose", answered: [], missing: [] }),
      event({ type: "phase-closed", round: 1, phase: "evaluate", answered: [], missing: [] }),
      event({ type: "round-recorded", round: 1, scores: [], winner: "ada", txHash: hash("tx") }),
    ].map((lastEvent) => sessionProgress({ lastEvent, maxRounds: 3, chainStatus: "Open" }));
    assert.deepEqual(seen.map((p) => [p.stage, p.round, p.phase]), [
      ["running", 1, "propose"], ["running", 1, "evaluate"], ["running", 1, "record"], ["between-rounds", 1, undefined],
    ]);
    assert.deepEqual(states(seen[1]!), ["propose:done", "evaluate:active", "record:pending", "settle:pending"]);
    assert.equal(seen[1]!.text, "Round 1 of up to 3: each agent is evaluating the others' proposals.");
    assert.equal(seen[3]!.text, "Round 1 of up to 3 recorded on chain: deciding whether another round is worth it.");
  });

  it("reads the transcript's round in progress, and takes the furthest of its sources", () => {
    const t = transcript({ rounds: [round(1)], current: { round: 2, stage: "recording", proposals: [], absent: [] } });
    assert.deepEqual([sessionProgress({ transcript: t, maxRounds: 3 }).round, sessionProgress({ transcript: t, maxRounds: 3 }).phase], [2, "record"]);
    // A stale event does not move the page back.
    const p = sessionProgress({ transcript: t, lastEvent: event({ type: "round-started", round: 2 }), maxRounds: 3, roundsRecorded: 1 });
    assert.equal(p.phase, "record");
    // Nor does a transcript behind the chain.
    assert.equal(sessionProgress({ transcript: transcript({ rounds: [round(1, false)] }), roundsRecorded: 2, maxRounds: 3 }).round, 2);
    assert.equal(sessionProgress({ transcript: transcript(), maxRounds: 3 }).phase, "propose");
  });

  it("reads sealed rounds while the session deliberates: recording until their record is on chain", () => {
    const sealed = (n: number, onChain: boolean) => ({
      round: n, stage: "tallied" as const, proposals: [], proposalHashes: [], present: [], absent: [], ...(onChain && { scores: [], txHash: hash(`tx${n}`) }),
    });
    assert.deepEqual(pick(sessionProgress({ transcript: transcript({ sealed: [sealed(1, true)] }), maxRounds: 3 })), ["between-rounds", 1, undefined]);
    assert.deepEqual(pick(sessionProgress({ transcript: transcript({ sealed: [sealed(1, true), sealed(2, false)] }), maxRounds: 3 })), ["running", 2, "record"]);
  });

  it("settles after the halt, and ends settled or failed", () => {
    const halted = sessionProgress({ transcript: transcript({ rounds: [round(1), round(2)], halt: { round: 2, reason: "max-rounds" } }), maxRounds: 2, chainStatus: "Open" });
    assert.equal(halted.stage, "settling");
    assert.equal(halted.text, "Deliberation stopped after round 2: settling the payouts on chain.");
    assert.deepEqual(states(halted), ["propose:done", "evaluate:done", "record:done", "settle:active"]);
    assert.equal(sessionProgress({ maxRounds: 2, chainStatus: "Settled" }).stage, "settled");
    assert.equal(sessionProgress({ lastEvent: event({ type: "session-settled", winner: "ada", payouts: [], txHash: hash("s") }), maxRounds: 2, chainStatus: "Open" }).stage, "settled");
    assert.equal(sessionProgress({ maxRounds: 2, chainStatus: "Failed (refund open)" }).stage, "failed");
    assert.equal(sessionProgress({ transcript: transcript({ status: "failed", failed: "TOO_FEW_AGENTS" }), maxRounds: 2, chainStatus: "Open" }).stage, "failed");
  });

  it("keeps the event furthest along when the last round's record is announced after the halt", () => {
    const halted = event({ type: "halted", round: 3, reason: "max-rounds", agreement: 1, confidence: 1, gain: 0, cost: 0, outcome: "consensus", tied: [] });
    const recorded = event({ type: "round-recorded", round: 3, scores: [], winner: "ada", txHash: hash("tx") });
    assert.equal(furthestEvent(halted, recorded), halted);
    assert.equal(furthestEvent(recorded, halted), halted);
    assert.equal(furthestEvent(undefined, recorded), recorded);
    assert.equal(sessionProgress({ lastEvent: furthestEvent(halted, recorded), maxRounds: 3, chainStatus: "Open" }).stage, "settling");
  });
});

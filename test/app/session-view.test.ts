import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, stringToHex, type Hex } from "viem";
import {
  agentLabels, currentRound, haltingCurve, heatMap, linearScale, mergeRounds, scoreSeries, svgPath, ticks, voteColour, hslToRgb, relativeLuminance, type ChainRound,
} from "@concord/app/lib/session-view.ts";
import type { SessionTranscript, TranscriptRound, TranscriptSealedRound } from "@concord/agent-sdk/protocol";

const hash = (text: string): Hex => keccak256(stringToHex(text));

function round(n: number, extra: Partial<TranscriptRound> = {}): TranscriptRound {
  return {
    round: n,
    proposals: ["ada", "bram", "chloe"].map((agent, i) => ({ agent, solution: `${n}/${i}`, reasoning: "", proposalHash: hash(`${n}/${i}`) })),
    votes: [[null, 40, -20], [10, null, 0], [70, -70, null]],
    endorsements: [[null, 80, -40], [100, null, 0], [50, -50, null]],
    scores: [80, -30, -20], present: [0, 1, 2], absent: [], winnerIndex: 0, txHash: hash(`tx${n}`),
    halting: { agreement: 2 / 3, confidence: 0.5, gain: 0.1 / n, cost: 0.02 },
    ...extra,
  };
}

/** A tallied round while the session deliberates: on chain (scores, txHash) unless `onChain` is false. */
function sealedRound(n: number, onChain = true, extra: Partial<TranscriptSealedRound> = {}): TranscriptSealedRound {
  return {
    round: n, stage: "tallied", proposals: [{ solution: `${n}/a`, reasoning: "" }, { solution: `${n}/b`, reasoning: "" }],
    proposalHashes: [hash(`${n}/0`), hash(`${n}/1`)].sort(), present: [0, 1], absent: [{ agent: "chloe", reason: "late" }],
    ...(onChain && { scores: [4, -4, 0], txHash: hash(`tx${n}`) }),
    halting: { agreement: 0.5, confidence: 0.4, gain: 0.2 / n, cost: 0.02 },
    ...extra,
  };
}

function transcript(rounds: TranscriptRound[], extra: Partial<SessionTranscript> = {}): SessionTranscript {
  return {
    sessionId: "1", status: "running", agents: ["ada", "bram", "chloe"], rounds,
    halting: { round: rounds.length, agreement: 2 / 3, confidence: 0.5, gain: 0.1 / Math.max(1, rounds.length), cost: 0.02 }, ...extra,
  };
}

const chainRound = (n: number, scores: bigint[], winnerIndex: number): ChainRound =>
  ({ round: n, scores, winnerIndex, winnerProposalHash: hash(`${n}/${winnerIndex}`), txHash: hash(`tx${n}`), levels: scores.map(() => 0), present: (1n << BigInt(scores.length)) - 1n });

describe("session view", () => {
  describe("agentLabels", () => {
    it("pairs transcript names with on-chain ids, and falls back to either alone", () => {
      assert.deepEqual(agentLabels([4n, 5n], ["ada", "bram"]).map((a) => a.label), ["ada (#4)", "bram (#5)"]);
      assert.deepEqual(agentLabels([4n, 5n], undefined).map((a) => a.label), ["Agent #4", "Agent #5"]);
      assert.deepEqual(agentLabels(undefined, ["ada"]).map((a) => a.label), ["ada"]);
    });
  });

  describe("mergeRounds", () => {
    it("takes scores and winners from the chain and details from the transcript, in round order", () => {
      const merged = mergeRounds([chainRound(2, [1n, 2n, 3n], 2), chainRound(1, [80n, -30n, -20n], 0)], transcript([round(1)]));
      assert.deepEqual(merged.map((r) => [r.round, r.scores, r.winnerIndex, r.detail?.round]), [[1, [80, -30, -20], 0, 1], [2, [1, 2, 3], 2, undefined]]);
    });

    it("keeps a round the transcript has before the chain read catches up", () => {
      const merged = mergeRounds([], transcript([round(1)]));
      assert.deepEqual(merged.map((r) => [r.round, r.recorded, r.scores]), [[1, true, [80, -30, -20]]]);
    });

    it("keeps a sealed round sealed: the chain's scores and winner, the transcript's texts, no details", () => {
      const t = transcript([], { sealed: [sealedRound(1), sealedRound(2, false)] });
      const merged = mergeRounds([chainRound(1, [4n, -4n, 0n], 0)], t);
      assert.deepEqual(merged.map((r) => [r.round, r.recorded, r.scores, r.winnerIndex, r.detail, r.sealed?.round]), [
        [1, true, [4, -4, 0], 0, undefined, 1],
        // Tallied, not on chain yet: no score and no winner is known.
        [2, false, [], undefined, undefined, 2],
      ]);
    });

    it("drops the transcript's round in progress once the chain has recorded it", () => {
      const current = { round: 2, stage: "recording" as const, proposals: [], absent: [] };
      const t = transcript([round(1)], { current });
      assert.equal(currentRound(mergeRounds([], t), t), current);
      assert.equal(currentRound(mergeRounds([chainRound(2, [0n, 0n, 0n], 1)], t), t), undefined);
    });
  });

  describe("heatMap", () => {
    const agents = agentLabels([1n, 2n, 3n], ["ada", "bram", "chloe"]);

    it("has one cell per evaluator and proposal, holding the vote and the endorsement behind it", () => {
      const map = heatMap(round(1), agents);
      assert.equal(map.maxAbs, 70);
      assert.deepEqual(map.rows.map((r) => r.cells.map((c) => c.vote)), [[null, 40, -20], [10, null, 0], [70, -70, null]]);
      assert.equal(map.rows[0]!.cells[1]!.label, "ada on bram: vote 40, endorsement 80");
      assert.equal(map.rows[1]!.cells[1]!.label, "bram on bram: own proposal, not scored");
      assert.equal(map.rows[1]!.cells[1]!.background, null);
    });

    it("says when an agent was not in the round", () => {
      const absent = round(1, { votes: [[null, 5, null], [5, null, null], [null, null, null]], present: [0, 1] });
      assert.equal(heatMap(absent, agents).rows[2]!.cells[0]!.label, "chloe on ada: not in the round");
    });

    it("colours support blue and opposition red, stronger with the vote, text readable on both", () => {
      assert.equal(voteColour(0, 70).background, "hsl(215 70% 96%)");
      assert.equal(voteColour(70, 70).background, "hsl(215 70% 42%)");
      assert.equal(voteColour(-70, 70).background, "hsl(5 70% 42%)");
      assert.equal(voteColour(-35, 70).background, "hsl(5 70% 69%)");
      assert.equal(voteColour(70, 70).color, "#ffffff");
      assert.equal(voteColour(10, 70).color, "#000000");
      assert.equal(voteColour(5, 0).background, "hsl(215 70% 96%)", "an all-zero round has no scale to divide by");
      // Every vote's number reaches WCAG AA (4.5:1) against its cell, on both sides of the scale.
      for (let vote = -100; vote <= 100; vote++) {
        const { background, color } = voteColour(vote, 100);
        const [, hue, light] = /hsl\((\d+) 70% (\d+)%\)/.exec(background)!.map(Number) as [number, number, number];
        const bg = relativeLuminance(hslToRgb(hue, 0.7, light / 100));
        const fg = color === "#ffffff" ? 1 : 0;
        const ratio = (Math.max(bg, fg) + 0.05) / (Math.min(bg, fg) + 0.05);
        assert.ok(ratio >= 4.5, `vote ${vote}: ${color} on ${background} is ${ratio.toFixed(2)}:1`);
      }
      assert.deepEqual(hslToRgb(0, 1, 0.5), [1, 0, 0]);
      assert.equal(relativeLuminance([1, 1, 1]), 1);
    });
  });

  describe("scoreSeries", () => {
    it("gives each agent its score per round, leaving out rounds it was absent from", () => {
      const t = transcript([round(1), round(2, { present: [0, 1], scores: [5, -5, 0] })]);
      const series = scoreSeries(mergeRounds([], t), agentLabels(undefined, t.agents));
      assert.deepEqual(series.map((s) => [s.label, s.points]), [
        ["ada", [{ x: 1, y: 80 }, { x: 2, y: 5 }]],
        ["bram", [{ x: 1, y: -30 }, { x: 2, y: -5 }]],
        ["chloe", [{ x: 1, y: -20 }]],
      ]);
    });
  });

  describe("scoreSeries of sealed rounds", () => {
    it("plots the scores the chain published, leaving out the absent and the rounds not on chain yet", () => {
      const t = transcript([], { sealed: [sealedRound(1), sealedRound(2, false)] });
      const series = scoreSeries(mergeRounds([], t), agentLabels(undefined, t.agents));
      assert.deepEqual(series.map((s) => [s.label, s.points]), [["ada", [{ x: 1, y: 4 }]], ["bram", [{ x: 1, y: -4 }]], ["chloe", []]]);
    });
  });

  describe("haltingCurve", () => {
    it("is each round's expected gain of another round, with the cost of a round", () => {
      assert.deepEqual(haltingCurve(transcript([round(1), round(2)])), {
        points: [{ x: 1, y: 0.1 }, { x: 2, y: 0.05 }], cost: 0.02,
      });
    });

    it("reads sealed rounds' halting numbers while the session deliberates", () => {
      assert.deepEqual(haltingCurve(transcript([], { sealed: [sealedRound(1), sealedRound(2, false)] })).points, [{ x: 1, y: 0.2 }, { x: 2, y: 0.1 }]);
    });

    it("is empty without a transcript or without stored halting states", () => {
      assert.deepEqual(haltingCurve(undefined), { points: [], cost: undefined });
      assert.deepEqual(haltingCurve(transcript([round(1, { halting: undefined })])).points, []);
    });
  });

  describe("chart helpers", () => {
    it("maps a domain linearly onto a range, a flat domain to its middle", () => {
      const y = linearScale(-10, 10, 200, 0);
      assert.equal(y(-10), 200);
      assert.equal(y(0), 100);
      assert.equal(linearScale(3, 3, 0, 50)(3), 25);
    });

    it("picks round-number ticks", () => {
      assert.deepEqual(ticks(0, 1), [0, 0.5, 1]);
      assert.deepEqual(ticks(-100, 100), [-100, -50, 0, 50, 100]);
      assert.deepEqual(ticks(1, 3, 2), [1, 2, 3]);
      assert.deepEqual(ticks(2, 2), [2]);
    });

    it("draws a path through the scaled points", () => {
      assert.equal(svgPath([{ x: 0, y: 0 }, { x: 1, y: 1 }], (v) => v * 10, (v) => 100 - v * 10), "M0.0,100.0 L10.0,90.0");
    });
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, stringToHex, type Hex } from "viem";
import { formatEndorsement, roundEvaluations, stanceSummary } from "@concord/app/lib/round-evaluations.ts";
import { agentLabels } from "@concord/app/lib/session-view.ts";
import type { TranscriptRound } from "@concord/agent-sdk/protocol";

const hash = (text: string): Hex => keccak256(stringToHex(text));
const agents = agentLabels([1n, 2n, 3n], ["ada", "bram", "chloe"]);
const said = (stance: "support" | "oppose" | "neutral", justification: string) => ({ stance, justification });

function round(extra: Partial<TranscriptRound> = {}): TranscriptRound {
  return {
    round: 1,
    proposals: ["ada", "bram", "chloe"].map((agent, i) => ({ agent, solution: `${i}`, reasoning: "", proposalHash: hash(`${i}`) })),
    votes: [[null, 40, -20], [10, null, 0], [70, -70, null]],
    endorsements: [[null, 80, -40], [100, null, 0], [50, -50, null]],
    assessments: [
      [null, said("support", "matches my result 1"), said("oppose", "I get 0, not 2")],
      [said("support", "checks out"), null, said("neutral", "unsure")],
      [said("support", "right"), said("oppose", "I get 0, not 1"), null],
    ],
    scores: [80, -30, -20], present: [0, 1, 2], absent: [], winnerIndex: 0,
    ...extra,
  };
}

describe("round evaluations", () => {
  describe("roundEvaluations", () => {
    it("lists, per proposal, each other evaluator's vote, endorsement, stance and justification", () => {
      const [ada, bram, chloe] = roundEvaluations(round(), agents);
      assert.deepEqual(bram!.evaluations, [
        { evaluator: 0, name: "ada", vote: 40, endorsement: 80, stance: "support", justification: "matches my result 1" },
        { evaluator: 2, name: "chloe", vote: -70, endorsement: -50, stance: "oppose", justification: "I get 0, not 1" },
      ]);
      assert.deepEqual(ada!.tally, { support: 2, oppose: 0, neutral: 0 });
      assert.deepEqual(chloe!.tally, { support: 0, oppose: 1, neutral: 1 });
      assert.deepEqual(ada!.evaluations.map((e) => e.name), ["bram", "chloe"]);
    });

    it("still shows votes and endorsements from a transcript without stances", () => {
      const [, bram] = roundEvaluations(round({ assessments: undefined }), agents);
      assert.deepEqual(bram!.evaluations[0], { evaluator: 0, name: "ada", vote: 40, endorsement: 80 });
      assert.deepEqual(bram!.tally, { support: 0, oppose: 0, neutral: 0 });
    });

    it("leaves out an evaluator that was not in the round", () => {
      const r = round({ votes: [[null, 40, null], [10, null, null], [null, null, null]], endorsements: [[null, 80, null], [100, null, null], [null, null, null]],
        assessments: [[null, said("support", "ok"), null], [said("support", "ok"), null, null], [null, null, null]] });
      const [ada, , chloe] = roundEvaluations(r, agents);
      assert.deepEqual(ada!.evaluations.map((e) => e.name), ["bram"]);
      assert.deepEqual(chloe!.evaluations, []);
    });
  });

  it("summarises stances and signs endorsements", () => {
    assert.equal(stanceSummary({ support: 2, oppose: 1, neutral: 0 }), "2 support, 1 opposes");
    assert.equal(stanceSummary({ support: 1, oppose: 0, neutral: 3 }), "1 supports, 3 neutral");
    assert.equal(stanceSummary({ support: 0, oppose: 0, neutral: 0 }), "");
    assert.deepEqual([80, -40, 0].map(formatEndorsement), ["+80", "−40", "0"]);
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { UNANIMOUS_JUSTIFICATION, unanimousEvaluation } from "@concord/agent-sdk/agent";

const candidate = (label: string, solution: string) => ({ label, thoughtProcess: "t", solution, salt: `0x${"0".repeat(64)}` as const, proposalHash: `0x${"1".repeat(64)}` as const });
const own = (solution: string) => ({ thoughtProcess: "mine", solution, salt: `0x${"0".repeat(64)}` as const, proposalHash: `0x${"2".repeat(64)}` as const });

describe("unanimousEvaluation", () => {
  it("endorses every candidate, fully and in order, when each repeats the agent's own answer (trimmed)", () => {
    const answer = unanimousEvaluation({ ownProposal: own(" 7 "), candidates: [candidate("Candidate_A", "7"), candidate("Candidate_B", "7\n")] });
    assert.ok(answer);
    assert.deepEqual(answer.assessments.map((a) => [a.label, a.endorsement, a.stance, a.isFinalSolution, a.justification]), [
      ["Candidate_A", 100, "support", true, UNANIMOUS_JUSTIFICATION], ["Candidate_B", 100, "support", true, UNANIMOUS_JUSTIFICATION],
    ]);
    assert.equal(answer.usage, undefined, "no model was asked, so nothing was used");
  });
  it("leaves the round to the model when any answer differs, even in case or by a character", () => {
    for (const others of [["7", "8"], ["7", "7.0"], ["x", "X"]]) {
      assert.equal(unanimousEvaluation({ ownProposal: own(others[0]!), candidates: others.slice(1).map((s, i) => candidate(`C${i}`, s)) }), undefined, others.join(","));
    }
  });
  it("never endorses an empty answer without the model", () => {
    assert.equal(unanimousEvaluation({ ownProposal: own("  "), candidates: [candidate("Candidate_A", "")] }), undefined);
  });
});

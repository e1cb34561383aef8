// What halting reads of a tallied round: the present agents in ballot order, their reliabilities
// from the session's weights, and the round's checks of each proposal.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { confidence, type ProposeResult, reliabilityOfWeight } from "@concord/agent-sdk/protocol";
import { standings } from "@concord/orchestrator/rounds/standings.ts";
import type { TalliedRound } from "@concord/orchestrator/state/round-outcome.ts";

const panel = [0, 1, 2, 3].map((i) => ({ name: `agent${i}`, agentId: BigInt(i + 1), signer: `0x${String(i + 1).padStart(40, "0")}` as const }));
const proposal = (solution: string, i: number) => ({ solution, thoughtProcess: "", proposalHash: `0x${String(i + 1).padStart(64, "0")}` }) as ProposeResult;
/** Weights in the round terms' lanes (bits 144 + 4i hold w − 1). */
const terms = (weights: number[]) => weights.reduce((t, w, i) => t | (BigInt(w - 1) << (144n + 4n * BigInt(i))), 0n);

/** Agent 2 is absent; ballots[e][p] is panel-indexed, as the round tallied them. */
function round(): TalliedRound {
  return {
    round: 1,
    proposals: [proposal("7", 0), proposal("7", 1), undefined, proposal("8", 3)],
    evaluations: [],
    authorOf: [],
    ballots: [[0, 40, 0, -60], [50, 0, 0, -50], [0, 0, 0, 0], [-70, 30, 0, 0]],
    scores: [-20, 70, 0, -110],
    present: [0, 1, 3],
    absent: [{ agent: "agent2", reason: "propose: no answer before the deadline" }],
    winnerIndex: 1,
    durationMs: 1,
  };
}

describe("standings", () => {
  it("reads the present agents' checks of each other in ballot order, with their reliabilities", () => {
    const { standing } = standings(panel, round(), terms([9, 1, 15, 4]));
    assert.deepEqual(standing.solutions, ["7", "7", "8"]);
    assert.deepEqual(standing.scores, [-20, 70, -110]);
    assert.equal(standing.winner, 1);
    assert.deepEqual(standing.reliabilities, [9, 1, 4].map((w) => reliabilityOfWeight(w)));
    assert.deepEqual(standing.ballots, [[0, 40, -60], [50, 0, -50], [-70, 30, 0]]);
  });

  it("gives halting the checks: the same positions with the checks reversed are less sure", () => {
    const reversed = round();
    reversed.ballots = reversed.ballots.map((b) => b.map((v) => -v));
    const sure = confidence(standings(panel, round(), terms([1, 1, 1, 1])).standing);
    const unsure = confidence(standings(panel, reversed, terms([1, 1, 1, 1])).standing);
    assert.ok(sure > unsure, `${sure} > ${unsure}`);
  });
});

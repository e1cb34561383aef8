// A round the chain recorded otherwise than the orchestrator tallied it (a complete version a
// relayer recorded first): the orchestrator's round takes the chain's scores, winner, present
// agents and their proposals, or says it cannot, and changes nothing when they agree.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Hex } from "viem";
import type { ProposeResult, RecordedRound } from "@concord/agent-sdk/protocol";
import { adoptChainRound } from "@concord/orchestrator/rounds/adopt-chain-round.ts";
import type { TalliedRound } from "@concord/orchestrator/state/round-outcome.ts";

const panel = ["ada", "bram", "mallory"].map((name, i) => ({ name, agentId: BigInt(i + 1), signer: `0x${String(i + 1).padStart(40, "0")}` as Hex }));
const proposal = (agent: string, solution: string) => ({ agent, solution, thoughtProcess: "", sessionId: "1", round: 1, salt: `0x${"0".repeat(64)}`, proposalHash: `0x${"1".repeat(64)}` }) as ProposeResult;
const txHash = `0x${"a".repeat(64)}` as Hex;

/** The orchestrator's partial round: mallory proposed, then sent no ballot, so the others re-attested without her proposal. */
function partialRound(): TalliedRound {
  const received = [proposal("ada", "42"), proposal("bram", "41"), proposal("mallory", "40")];
  return {
    round: 1, proposals: [received[0], received[1], undefined], received, evaluations: [], authorOf: [],
    ballots: [[0, 10, 0], [10, 0, 0], [0, 0, 0]], scores: [10, 10, 0], present: [0, 1],
    absent: [{ agent: "mallory", reason: "no evaluation" }], winnerIndex: 0, durationMs: 1,
  };
}
const chainRecord = (scores: number[], winnerIndex: number, present: bigint) => ({
  scores: scores.map(BigInt), winnerIndex, txHash, gasUsed: 1n,
  recorded: { round: 1, scores: scores.map(BigInt), winnerIndex, present, levels: [], winnerProposalHash: `0x${"1".repeat(64)}`, txHash } satisfies RecordedRound,
});

describe("adoptChainRound", () => {
  it("changes nothing when the chain recorded the round as tallied", () => {
    const round = partialRound();
    assert.equal(adoptChainRound(round, chainRecord([10, 10, 0], 0, 0b011n), panel), undefined);
    assert.deepEqual(round.present, [0, 1]);
  });

  it("takes the chain's complete version: its winner, scores and present agents, with the proposal it restores", () => {
    const round = partialRound();
    const said = adoptChainRound(round, chainRecord([5, 6, 20], 2, 0b111n), panel);
    assert.match(said!, /^round 1 on chain is not the one tallied here \(winner ada, present ada, bram\): adopted the chain's, winner mallory, present ada, bram, mallory$/);
    assert.deepEqual([round.winnerIndex, round.scores, round.present], [2, [5, 6, 20], [0, 1, 2]]);
    assert.equal(round.proposals[2]!.solution, "40");
    assert.deepEqual(round.absent, []);
  });

  it("keeps its own tally when the chain counts a proposal it never received, and says so", () => {
    const round = { ...partialRound(), received: undefined };
    const said = adoptChainRound(round, chainRecord([5, 6, 20], 2, 0b111n), panel);
    assert.match(said!, /counts proposals this orchestrator does not hold \(of mallory\); kept its own tally/);
    assert.deepEqual([round.winnerIndex, round.present], [0, [0, 1]]);
  });
});

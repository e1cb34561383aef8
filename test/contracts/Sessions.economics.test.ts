import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, zeroAddress } from "viem";
import { packBallot, parseRoundRecordedLogs, parseSessionSettledLogs, unpackRoundOutcome } from "@concord/agent-sdk/protocol";
import { deploySessionFixture, roundArgs, roundHashes, signBallot, type SessionFixture } from "../support/contract-fixtures.ts";
import { dipQuality, dipSettlement, fairVote, roundLevels } from "../support/dip.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

/** Records a round from explicit votes (votes[e][p]: evaluator e's vote for agent p); its levels. */
async function recordVotes(f: SessionFixture, round: number, votes: number[][]) {
  const hashes = roundHashes(round);
  const ballots = votes.map((row) => packBallot(hashes, new Map(row.map((v, p) => [hashes[p]!, v] as [Hex, number]))));
  const signatures = await Promise.all(ballots.map((b, e) => signBallot(f, f.signers[e]!, f.sessionId, round, hashes[e]!, hashes, b)));
  const hash = await f.sessions.write.recordRound(await roundArgs(f, f.sessionId, round, { proposalHashes: hashes, ballots, signatures }), { account: f.orchestrator.account });
  const [event] = parseRoundRecordedLogs({ logs: (await f.publicClient.waitForTransactionReceipt({ hash })).logs });
  return unpackRoundOutcome(event!.outcome, 3).levels;
}

// The ballots of the worked example, votes[e][p], agents A, B, C (three operators).
const ROUND_1 = [[0, 80, -10], [30, 0, 0], [0, 20, 0]];
const ROUND_2 = [[0, 60, -20], [50, 0, 40], [0, 50, 0]];

describe("Sessions", () => {
  describe("docs/economics.md", () => {
    /*
     * By hand. n = 3, credits 10 000: L = max(1, ⌊√(10 000 / 2)⌋) = ⌊√5 000⌋ = 70 (70² = 4 900,
     * 71² = 5 041). Each agent has two eligible evaluators; the lower median of two votes is the
     * smaller one. level = clamp(median, −70, 70) + 70.
     *   round 1: A gets {B 30, C 0} → 0 → 70;  B gets {A 80, C 20} → 20 → 90;  C gets {A −10, B 0} → −10 → 60
     *   round 2: A gets {B 50, C 0} → 0 → 70;  B gets {A 60, C 50} → 50 → 120; C gets {A −20, B 40} → −20 → 50
     *   quality: A 140, B 210, C 110.
     * fee = 1 % of 1 ETH = 10 000 000 000 000 000; net = 990 000 000 000 000 000;
     * denominator n · R · 2L = 3 · 2 · 140 = 840.
     *   A: net · 140 / 840 = net / 6      = 165 000 000 000 000 000
     *   B: net · 210 / 840 = net / 4      = 247 500 000 000 000 000
     *   C: net · 110 / 840 = 108 900 000 000 000 000 000 / 840 = 129 642 857 142 857 142.857… → 129 642 857 142 857 142
     *   Σ = 542 142 857 142 857 142; unearned = net − Σ = 447 857 142 857 142 858;
     *   the treasury is owed fee + unearned = 457 857 142 857 142 858.
     * The winner of round 2: scores A 50, B 110, C 20 → B (agent id 2).
     */
    it("reproduces the worked example to the wei", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      assert.equal(fairVote(10_000, 3), 70);
      assert.deepEqual(await recordVotes(f, 1, ROUND_1), [70, 90, 60]);
      assert.deepEqual(await recordVotes(f, 2, ROUND_2), [70, 120, 50]);
      assert.deepEqual(await f.sessions.read.quality([f.sessionId]), [140n, 210n, 110n]);
      const hash = await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      const [event] = parseSessionSettledLogs({ logs: receipt.logs });
      assert.deepEqual(event!.payouts, [165_000_000_000_000_000n, 247_500_000_000_000_000n, 129_642_857_142_857_142n]);
      assert.equal(event!.fee, 10_000_000_000_000_000n);
      assert.equal(event!.unearned, 447_857_142_857_142_858n);
      assert.equal(event!.winnerAgentId, 2n);
      assert.equal(await f.sessions.read.claimable([zeroAddress, f.treasury.account.address]), 457_857_142_857_142_858n);
    });

    it("the mirror (test/support/dip.ts) computes the same numbers", () => {
      const deliberation = { n: 3, credits: 10_000, operators: [0, 1, 2], rounds: [ROUND_1, ROUND_2].map((votes) => ({ entries: [0, 1, 2], votes })) };
      assert.deepEqual(roundLevels(deliberation, 0), [70, 90, 60]);
      assert.deepEqual(roundLevels(deliberation, 1), [70, 120, 50]);
      const quality = dipQuality(deliberation);
      assert.deepEqual(quality, [140n, 210n, 110n]);
      const split = dipSettlement(10n ** 18n, 100n, quality, 2, 70);
      assert.deepEqual(split, {
        fee: 10_000_000_000_000_000n,
        payouts: [165_000_000_000_000_000n, 247_500_000_000_000_000n, 129_642_857_142_857_142n],
        unearned: 447_857_142_857_142_858n,
      });
    });
  });
});

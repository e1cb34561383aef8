import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, zeroAddress } from "viem";
import { packBallot, parseRoundRecordedLogs, parseSessionSettledLogs, unpackRoundOutcome } from "@concord/agent-sdk/protocol";
import { deploySessionFixture, roundArgs, roundHashes, signBallot, type SessionFixture, recordCall } from "../support/contract-fixtures.ts";
import { dipQuality, dipSettlement, fairVote, roundLevels } from "../support/dip.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

/** Records a round from explicit votes (votes[e][p]: evaluator e's vote for agent p); its levels. */
async function recordVotes(f: SessionFixture, round: number, votes: number[][]) {
  const hashes = roundHashes(round);
  const ballots = votes.map((row) => packBallot(hashes, new Map(row.map((v, p) => [hashes[p]!, v] as [Hex, number]))));
  const signatures = await Promise.all(ballots.map((b, e) => signBallot(f, f.signers[e]!, f.sessionId, round, hashes[e]!, hashes, b)));
  const hash = await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, round, { proposalHashes: hashes, ballots, signatures }), { account: f.orchestrator.account }));
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
     * 71² = 5 041). Each agent has two eligible evaluators; the median of two votes is their mean,
     * rounded down. level = clamp(median, −70, 70) + 70.
     *   round 1: A gets {B 30, C 0} → 15 → 85;  B gets {A 80, C 20} → 50 → 120; C gets {A −10, B 0} → −5 → 65
     *   round 2: A gets {B 50, C 0} → 25 → 95;  B gets {A 60, C 50} → 55 → 125; C gets {A −20, B 40} → 10 → 80
     *   quality: A 180, B 245, C 145.
     * fee = 1 % of 1 ETH = 10 000 000 000 000 000; net = 990 000 000 000 000 000;
     * denominator n · R · 2L = 3 · 2 · 140 = 840.
     *   A: net · 180 / 840 = net · 3 / 14  = 212 142 857 142 857 142.857… → 212 142 857 142 857 142
     *   B: net · 245 / 840 = net · 7 / 24  = 288 750 000 000 000 000
     *   C: net · 145 / 840 = net · 29 / 168 = 170 892 857 142 857 142.857… → 170 892 857 142 857 142
     *   Σ = 671 785 714 285 714 284; unearned = net − Σ = 318 214 285 714 285 716;
     *   the treasury is owed fee + unearned = 328 214 285 714 285 716.
     * The winner of round 2: scores A 50, B 110, C 20 → B (agent id 2).
     */
    it("reproduces the worked example to the wei", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      assert.equal(fairVote(10_000, 3), 70);
      assert.deepEqual(await recordVotes(f, 1, ROUND_1), [85, 120, 65]);
      assert.deepEqual(await recordVotes(f, 2, ROUND_2), [95, 125, 80]);
      assert.deepEqual(await f.sessions.read.quality([f.sessionId]), [180n, 245n, 145n]);
      const hash = await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      const [event] = parseSessionSettledLogs({ logs: receipt.logs });
      assert.deepEqual(event!.payouts, [212_142_857_142_857_142n, 288_750_000_000_000_000n, 170_892_857_142_857_142n]);
      assert.equal(event!.fee, 10_000_000_000_000_000n);
      assert.equal(event!.unearned, 318_214_285_714_285_716n);
      assert.equal(event!.winnerAgentId, 2n);
      assert.equal(await f.sessions.read.claimable([zeroAddress, f.treasury.account.address]), 328_214_285_714_285_716n);
    });

    it("the mirror (test/support/dip.ts) computes the same numbers", () => {
      const deliberation = { n: 3, credits: 10_000, operators: [0, 1, 2], rounds: [ROUND_1, ROUND_2].map((votes) => ({ entries: [0, 1, 2], votes })) };
      assert.deepEqual(roundLevels(deliberation, 0), [85, 120, 65]);
      assert.deepEqual(roundLevels(deliberation, 1), [95, 125, 80]);
      const quality = dipQuality(deliberation);
      assert.deepEqual(quality, [180n, 245n, 145n]);
      const split = dipSettlement(10n ** 18n, 100n, quality, 2, 70);
      assert.deepEqual(split, {
        fee: 10_000_000_000_000_000n,
        payouts: [212_142_857_142_857_142n, 288_750_000_000_000_000n, 170_892_857_142_857_142n],
        unearned: 318_214_285_714_285_716n,
      });
    });
  });
});

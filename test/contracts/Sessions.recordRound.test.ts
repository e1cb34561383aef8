import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { pad, toHex } from "viem";
import {
  encodeBallotVotes, parseRoundRecordedLogs, pickWinner, tallyScores, unpackBallot, unpackRoundOutcome, voteCost,
} from "@concord/agent-sdk/protocol";
import { deploySessionFixture, partialRoundArgs, roundArgs, roundHashes, signBallot, recordCall } from "../support/contract-fixtures.ts";
import { ROUND_1, ROUND_2, record, roundWithBallot, sortedVotesFor } from "../support/round-helpers.ts";
import { roundLevels } from "../support/dip.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

describe("Sessions", () => {
  describe("recordRound", () => {
    it("records two rounds whose scores and winners match the sdk tally", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const expectedQuality = [0n, 0n, 0n];
      const rounds: { entries: number[]; votes: number[][] }[] = [];
      for (const [index, endorsements] of [ROUND_1, ROUND_2].entries()) {
        const round = index + 1;
        const { built, event } = await record(f, round, endorsements);
        const unpacked = built.ballots.map((b) => unpackBallot(built.proposalHashes, b));
        assert.deepEqual(unpacked, built.votes, "ballots round-trip through the sdk packing");
        const scores = tallyScores(unpacked, 3);
        const winner = pickWinner(scores, built.proposalHashes);
        assert.equal(event.round, round);
        assert.equal(event.present, 7n);
        assert.equal(event.winnerProposalHash, built.proposalHashes[winner]);
        assert.deepEqual(event.scores, scores);
        assert.equal(event.winnerIndex, winner);
        rounds.push({ entries: [0, 1, 2], votes: unpacked });
        const levels = roundLevels({ n: 3, credits: 10_000, operators: [0, 1, 2], rounds }, index);
        assert.deepEqual(event.levels, levels);
        levels.forEach((level, j) => (expectedQuality[j]! += BigInt(level)));

        const s = await f.sessions.read.getSession([f.sessionId]);
        assert.equal(s.roundsRecorded, round);
        assert.equal(s.winnerAgentId, f.agentIds[winner]);
        assert.deepEqual(await f.sessions.read.quality([f.sessionId]), expectedQuality);
      }
      assert.ok(expectedQuality.some((q) => q !== expectedQuality[0]), "the rounds tell the agents apart");
    });

    it("breaks a tie at the first tied proposal from proposalsHash mod P, as the sdk does: the lower hash wins some ties, the higher others", async () => {
      // Rounds whose two tied proposals differ in which one the rule picks (found with the sdk's rule).
      const sets = Array.from({ length: 30 }, (_, k) => [3n, 2n, 1n].map((n) => pad(toHex(n + 3n * BigInt(k)), { size: 32 })));
      const lower = sets.find((hashes) => pickWinner([0, 70, 70], hashes) === 2)!;
      const higher = sets.find((hashes) => pickWinner([0, 70, 70], hashes) === 1)!;
      assert.ok(lower && higher, "both outcomes occur among 30 rounds");
      for (const [hashes, winner] of [[lower, 2], [higher, 1]] as const) {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const { event } = await record(f, 1, [[0, 50, 50], [0, 0, 0], [0, 0, 0]], hashes);
        assert.deepEqual(event.scores, [0, 70, 70]);
        assert.equal(event.winnerIndex, winner);
      }
    });

    it("accepts a ballot that spends exactly the credits, and negative votes", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const hashes = roundHashes(1);
      const votes = sortedVotesFor(hashes, { 1: 100 });
      assert.equal(voteCost(votes), 10_000n);
      const built = await roundWithBallot(f, 0, votes, hashes);
      built.ballots[1] = encodeBallotVotes(sortedVotesFor(hashes, { 0: -60, 2: -80 }));
      built.signatures[1] = await signBallot(f, f.signers[1]!, f.sessionId, 1, hashes[1]!, hashes, built.ballots[1]!);
      await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built), { account: f.orchestrator.account }));
    });

    it("lets anyone relay a round every agent attested", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const { event } = await record(f, 1, ROUND_1, roundHashes(1), f.stranger.account);
      assert.equal(event.present, 7n);
    });

    it("lets the orchestrator close a round with an absent agent, who gets no score and level 0", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const hashes = roundHashes(1).slice(0, 2);
      const ballot0 = encodeBallotVotes(sortedVotesFor(hashes, { 1: 40 }));
      const ballot1 = encodeBallotVotes(sortedVotesFor(hashes, { 0: -30 }));
      const attestations = [
        { agentIndex: 0, proposalHash: hashes[0]!, votes: ballot0, signature: await signBallot(f, f.signers[0]!, f.sessionId, 1, hashes[0]!, hashes, ballot0) },
        { agentIndex: 1, proposalHash: hashes[1]!, votes: ballot1, signature: await signBallot(f, f.signers[1]!, f.sessionId, 1, hashes[1]!, hashes, ballot1) },
      ];
      const tx = await f.sessions.write.recordRound(recordCall(await partialRoundArgs(f, f.sessionId, 1, attestations, [f.signers[2]!.address]), {
        account: f.orchestrator.account,
      }));
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash: tx });
      const [event] = parseRoundRecordedLogs({ logs: receipt.logs });
      const outcome = unpackRoundOutcome(event!.outcome, 3);
      assert.equal(outcome.present, 3n);
      assert.deepEqual(outcome.scores, [-30, 40, 0]);
      assert.equal(event!.winnerProposalHash, hashes[1]);
      assert.equal(outcome.winnerIndex, 1);
      // L = 70: agent 0 gets −30 from its one eligible evaluator → 40; agent 1 gets 40 → 110.
      assert.deepEqual(outcome.levels, [40, 110, 0]);
      assert.deepEqual(await f.sessions.read.quality([f.sessionId]), [40n, 110n, 0n]);
      assert.equal(await f.sessions.read.disputableUntil([f.sessionId]), 0n, "no grace, no dispute window");
    });

  });
});

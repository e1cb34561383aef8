import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, pad, parseEventLogs, slice, toHex, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeBallotVotes, sortedProposalOrder, unpackBallot } from "../../sdk/protocol/ballot.ts";
import { pickWinner, tallyScores, voteCost } from "../../sdk/protocol/qv.ts";
import { buildRound, deploySessionFixture, roundArgs, roundHashes, signBallot, TASK_HASH, type SessionFixture } from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

// endorsements[e][p]: evaluator e's endorsement of agent p's proposal (diagonal ignored).
const ROUND_1 = [
  [0, 80, 20],
  [50, 0, 50],
  [10, 90, 0],
];
const ROUND_2 = [
  [0, -30, 70],
  [60, 0, 40],
  [-20, 100, 0],
];

/** Records a built round as the orchestrator and returns the RoundRecorded event args. */
async function record(f: SessionFixture, round: number, endorsements: number[][], hashes = roundHashes(round)) {
  const built = await buildRound(f, f.sessionId, round, hashes, endorsements);
  const hash = await f.sessions.write.recordRound(roundArgs(f.sessionId, round, built), {
    account: f.orchestrator.account,
  });
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseEventLogs({ abi: f.sessions.abi, logs: receipt.logs, eventName: "RoundRecorded" });
  assert.ok(event, "RoundRecorded was not emitted");
  return { built, event: event.args };
}

/** A signed round 1 in which agent `agent`'s ballot is replaced by `sortedVotes` (packed order), re-signed. */
async function roundWithBallot(f: SessionFixture, agent: number, sortedVotes: number[], hashes = roundHashes(1)) {
  const built = await buildRound(f, f.sessionId, 1, hashes, ROUND_1);
  built.ballots[agent] = encodeBallotVotes(sortedVotes);
  built.signatures[agent] = await signBallot(f, f.signers[agent]!, f.sessionId, 1, hashes[agent]!, built.ballots[agent]!);
  return built;
}

/** A packed-order vote list from votes keyed by agent index (missing agents get 0). */
function sortedVotesFor(hashes: Hex[], votesByAgent: Record<number, number>): number[] {
  return sortedProposalOrder(hashes).map((agentIndex) => votesByAgent[agentIndex] ?? 0);
}

describe("Sessions", () => {
  describe("recordRound", () => {
    it("records two rounds whose scores and winners match the sdk tally", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const expectedSupport = [0n, 0n, 0n];
      for (const [index, endorsements] of [ROUND_1, ROUND_2].entries()) {
        const round = index + 1;
        const { built, event } = await record(f, round, endorsements);
        const unpacked = built.ballots.map((b) => unpackBallot(built.proposalHashes, b));
        assert.deepEqual(unpacked, built.votes, "ballots round-trip through the sdk packing");
        const scores = tallyScores(unpacked, 3);
        const winner = pickWinner(scores, built.proposalHashes);
        assert.equal(event.sessionId, f.sessionId);
        assert.equal(event.round, round);
        assert.deepEqual(event.proposalHashes, built.proposalHashes);
        assert.deepEqual(event.scores, scores.map(BigInt));
        assert.equal(event.winnerIndex, BigInt(winner));
        scores.forEach((s, j) => (expectedSupport[j]! += BigInt(Math.max(s, 0))));

        const s = await f.sessions.read.getSession([f.sessionId]);
        assert.equal(s.roundsRecorded, round);
        assert.equal(s.winnerAgentId, f.agentIds[winner]);
        assert.equal(s.winnerProposalHash, built.proposalHashes[winner]);
      }
      assert.deepEqual(await f.sessions.read.support([f.sessionId]), expectedSupport);
    });

    it("breaks a tie on the lower proposal hash", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      // Agent 2's proposal has the lowest hash of the two tied ones, though agent 1 comes first.
      const hashes = [3n, 2n, 1n].map((n) => pad(toHex(n), { size: 32 }));
      const { event } = await record(f, 1, [[0, 50, 50], [0, 0, 0], [0, 0, 0]], hashes);
      assert.deepEqual(event.scores, [0n, 70n, 70n]);
      assert.equal(event.winnerIndex, 2n);
      assert.equal(pickWinner([0, 70, 70], hashes), 2);
    });

    it("accepts a ballot that spends exactly VOTE_CREDITS and negative votes", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const hashes = roundHashes(1);
      const votes = sortedVotesFor(hashes, { 1: 100, 2: 0 });
      assert.equal(voteCost(votes), await f.sessions.read.VOTE_CREDITS());
      const built = await roundWithBallot(f, 0, votes, hashes);
      built.ballots[1] = encodeBallotVotes(sortedVotesFor(hashes, { 0: -60, 2: -80 }));
      built.signatures[1] = await signBallot(f, f.signers[1]!, f.sessionId, 1, hashes[1]!, built.ballots[1]!);
      await f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account });
    });

    describe("reverts", () => {
      it("reverts for an unknown session", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, 9n, 1, roundHashes(1), ROUND_1);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(9n, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "UnknownSession",
          [9n],
        );
      });

      it("reverts when the caller is not the orchestrator", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.stranger.account }),
          f.sessions,
          "NotOrchestrator",
          [f.sessionId, f.stranger.account.address],
        );
      });

      it("reverts when the session is settled", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await record(f, 1, ROUND_1);
        await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
        const built = await buildRound(f, f.sessionId, 2, roundHashes(2), ROUND_2);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 2, built), { account: f.orchestrator.account }),
          f.sessions,
          "SessionNotOpen",
          [f.sessionId, 2],
        );
      });

      it("reverts when a round is skipped, zero or replayed", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        for (const round of [0, 2]) {
          const built = await buildRound(f, f.sessionId, round, roundHashes(round), ROUND_1);
          await viem.assertions.revertWithCustomErrorWithArgs(
            f.sessions.write.recordRound(roundArgs(f.sessionId, round, built), { account: f.orchestrator.account }),
            f.sessions,
            "RoundOutOfOrder",
            [f.sessionId, 1, round],
          );
        }
        const { built } = await record(f, 1, ROUND_1);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "RoundOutOfOrder",
          [f.sessionId, 2, 1],
        );
      });

      it("reverts past maxRounds", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await f.sessions.write.createSession([TASK_HASH, f.agentIds, f.orchestrator.account.address, 1], { value: 1n });
        const g = { ...f, sessionId: 2n };
        await record(g, 1, ROUND_1);
        const built = await buildRound(g, 2n, 2, roundHashes(2), ROUND_2);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(2n, 2, built), { account: f.orchestrator.account }),
          f.sessions,
          "RoundLimitReached",
          [2n, 1],
        );
      });

      it("reverts when an array's length differs from the agent count", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const cases = [
          { args: [built.proposalHashes.slice(0, 2), built.ballots, built.signatures], got: 2n },
          { args: [built.proposalHashes, built.ballots.slice(0, 2), built.signatures], got: 2n },
          { args: [built.proposalHashes, built.ballots, [...built.signatures, built.signatures[0]!]], got: 4n },
        ] as const;
        for (const { args: [hashes, ballots, signatures], got } of cases) {
          await viem.assertions.revertWithCustomErrorWithArgs(
            f.sessions.write.recordRound([f.sessionId, 1, [...hashes], [...ballots], [...signatures]], {
              account: f.orchestrator.account,
            }),
            f.sessions,
            "LengthMismatch",
            [3n, got],
          );
        }
      });

      it("reverts on a zero proposal hash", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        hashes[1] = zeroHash;
        const built = await buildRound(f, f.sessionId, 1, hashes, ROUND_1);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "InvalidProposalHash",
          [1n, zeroHash],
        );
      });

      it("reverts on a duplicate proposal hash, naming the later agent", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        hashes[2] = hashes[0]!;
        const built = await buildRound(f, f.sessionId, 1, hashes, [[0, 50, 0], [50, 0, 0], [50, 50, 0]]);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "InvalidProposalHash",
          [2n, hashes[0]!],
        );
      });

      it("reverts when a ballot is not one byte per proposal", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await roundWithBallot(f, 2, [0, 10]);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "InvalidBallotLength",
          [2n, 2n, 3n],
        );
      });

      it("reverts on a forged signature (another key)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const forger = privateKeyToAccount(generatePrivateKey());
        built.signatures[1] = await signBallot(f, forger, f.sessionId, 1, built.proposalHashes[1]!, built.ballots[1]!);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "InvalidSignature",
          [1n, forger.address, f.signers[1]!.address],
        );
      });

      it("reverts on a signature for another round or another proposal", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        built.signatures[0] = await signBallot(f, f.signers[0]!, f.sessionId, 2, built.proposalHashes[0]!, built.ballots[0]!);
        await viem.assertions.revertWithCustomError(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "InvalidSignature",
        );
        const swapped = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        swapped.signatures[0] = await signBallot(f, f.signers[0]!, f.sessionId, 1, swapped.proposalHashes[1]!, swapped.ballots[0]!);
        await viem.assertions.revertWithCustomError(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, swapped), { account: f.orchestrator.account }),
          f.sessions,
          "InvalidSignature",
        );
      });

      it("reverts on a malformed signature with a zero recovered address", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        built.signatures[2] = slice(built.signatures[2]!, 0, 64);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "InvalidSignature",
          [2n, "0x0000000000000000000000000000000000000000", f.signers[2]!.address],
        );
      });

      it("reverts when an agent votes for its own proposal", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 1, sortedVotesFor(hashes, { 1: -5, 0: 10 }), hashes);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "SelfVote",
          [1n, -5],
        );
      });

      it("reverts when a ballot overspends (100 and 1 cost 10001)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 0, sortedVotesFor(hashes, { 1: 100, 2: 1 }), hashes);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "VoteBudgetExceeded",
          [0n, 10_001n, 10_000n],
        );
      });

      it("reverts when a ballot uses int8 extremes beyond the budget", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 2, sortedVotesFor(hashes, { 0: -128, 1: 127 }), hashes);
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }),
          f.sessions,
          "VoteBudgetExceeded",
          [2n, 128n * 128n + 127n * 127n, 10_000n],
        );
      });
    });
  });
});

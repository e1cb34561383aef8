import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, concat, pad, parseEventLogs, slice, toHex, zeroAddress, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeBallotVotes, sortedProposalOrder, unpackBallot } from "../../sdk/protocol/ballot.ts";
import { pickWinner, tallyScores, voteCost } from "../../sdk/protocol/qv.ts";
import { packRound, unpackRoundScores } from "../../sdk/protocol/round-packing.ts";
import {
  buildRound, deploySessionFixture, partialRoundArgs, registerMore, roundArgs, roundHashes, sessionParams, signBallot,
  type SessionFixture, type SessionsErrorName,
} from "../support/contract-fixtures.ts";

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

/** Records a built round as `account` (the orchestrator by default) and returns the RoundRecorded args. */
async function record(f: SessionFixture, round: number, endorsements: number[][], hashes = roundHashes(round), account = f.orchestrator.account) {
  const built = await buildRound(f, f.sessionId, round, hashes, endorsements);
  const hash = await f.sessions.write.recordRound(roundArgs(f.sessionId, round, built), { account });
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

/** Expects `write` to revert with `error(args)`. */
function reverts(f: SessionFixture, write: Promise<unknown>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write as Promise<Hex>, f.sessions, error, args as never);
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
        assert.equal(event.round, round);
        assert.equal(event.present, 7n);
        assert.equal(event.winnerProposalHash, built.proposalHashes[winner]);
        assert.deepEqual(unpackRoundScores(event.scores, 3), scores);
        assert.equal(event.winnerIndex, BigInt(winner));
        scores.forEach((s, j) => (expectedSupport[j]! += BigInt(Math.max(s, 0))));

        const s = await f.sessions.read.getSession([f.sessionId]);
        assert.equal(s.roundsRecorded, round);
        assert.equal(s.winnerAgentId, f.agentIds[winner]);
        assert.equal(s.winnerProposalHash, built.proposalHashes[winner]);
        const backing = unpacked.map((votes) => BigInt(Math.max(votes[winner]!, 0)));
        assert.deepEqual(await f.sessions.read.backing([f.sessionId]), backing);
      }
      assert.deepEqual(await f.sessions.read.support([f.sessionId]), expectedSupport);
    });

    it("breaks a tie on the lower proposal hash", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const hashes = [3n, 2n, 1n].map((n) => pad(toHex(n), { size: 32 }));
      const { event } = await record(f, 1, [[0, 50, 50], [0, 0, 0], [0, 0, 0]], hashes);
      assert.deepEqual(unpackRoundScores(event.scores, 3), [0, 70, 70]);
      assert.equal(event.winnerIndex, 2n);
      assert.equal(pickWinner([0, 70, 70], hashes), 2);
    });

    it("accepts a ballot that spends exactly the credits, and negative votes", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const hashes = roundHashes(1);
      const votes = sortedVotesFor(hashes, { 1: 100 });
      assert.equal(voteCost(votes), 10_000n);
      const built = await roundWithBallot(f, 0, votes, hashes);
      built.ballots[1] = encodeBallotVotes(sortedVotesFor(hashes, { 0: -60, 2: -80 }));
      built.signatures[1] = await signBallot(f, f.signers[1]!, f.sessionId, 1, hashes[1]!, built.ballots[1]!);
      await f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account });
    });

    it("lets anyone relay a round every agent attested", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const { event } = await record(f, 1, ROUND_1, roundHashes(1), f.stranger.account);
      assert.equal(event.present, 7n);
    });

    it("lets the orchestrator close a round with an absent agent, who gets no score", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const hashes = roundHashes(1).slice(0, 2);
      const ballot0 = encodeBallotVotes(sortedVotesFor(hashes, { 1: 40 }));
      const ballot1 = encodeBallotVotes(sortedVotesFor(hashes, { 0: -30 }));
      const attestations = [
        { agentIndex: 0, proposalHash: hashes[0]!, votes: ballot0, signature: await signBallot(f, f.signers[0]!, f.sessionId, 1, hashes[0]!, ballot0) },
        { agentIndex: 1, proposalHash: hashes[1]!, votes: ballot1, signature: await signBallot(f, f.signers[1]!, f.sessionId, 1, hashes[1]!, ballot1) },
      ];
      const tx = await f.sessions.write.recordRound(partialRoundArgs(f.sessionId, 1, attestations, [f.signers[2]!.address]), {
        account: f.orchestrator.account,
      });
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash: tx });
      const [event] = parseEventLogs({ abi: f.sessions.abi, logs: receipt.logs, eventName: "RoundRecorded" });
      assert.equal(event!.args.present, 3n);
      assert.deepEqual(unpackRoundScores(event!.args.scores, 3), [-30, 40, 0]);
      assert.equal(event!.args.winnerProposalHash, hashes[1]);
      assert.equal(event!.args.winnerIndex, 1n);
      assert.deepEqual(await f.sessions.read.support([f.sessionId]), [0n, 40n, 0n]);
    });

    describe("reverts", () => {
      it("reverts for an unknown session", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, 9n, 1, roundHashes(1), ROUND_1);
        await reverts(f, f.sessions.write.recordRound(roundArgs(9n, 1, built), { account: f.orchestrator.account }), "UnknownSession", [9n]);
      });

      it("reverts when the session is settled", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await record(f, 1, ROUND_1);
        await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
        const built = await buildRound(f, f.sessionId, 2, roundHashes(2), ROUND_2);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 2, built)), "SessionNotOpen", [f.sessionId, 2]);
      });

      it("reverts after the deadline (the round window is closed)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await networkHelpers.time.increaseTo(f.deadline + 1n);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "DeadlinePassed", [f.sessionId, f.deadline]);
      });

      it("reverts when a round is skipped", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 2, roundHashes(2), ROUND_1);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 2, built)), "RoundOutOfOrder", [f.sessionId, 1, 2]);
      });

      it("reverts when a round is replayed or re-recorded in another version (equivocation)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const { built } = await record(f, 1, ROUND_1);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "RoundAlreadyRecorded", [f.sessionId, 1]);
        const other = await buildRound(f, f.sessionId, 1, roundHashes(7), ROUND_2);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, other)), "RoundAlreadyRecorded", [f.sessionId, 1]);
        const zero = await buildRound(f, f.sessionId, 0, roundHashes(0), ROUND_2);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 0, zero)), "RoundAlreadyRecorded", [f.sessionId, 0]);
      });

      it("reverts past maxRounds", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await f.sessions.write.createSession([{ ...f.params, maxRounds: 1 }], { value: f.params.bounty });
        const g = { ...f, sessionId: 2n };
        await record(g, 1, ROUND_1);
        const built = await buildRound(g, 2n, 2, roundHashes(2), ROUND_2);
        await reverts(f, f.sessions.write.recordRound(roundArgs(2n, 2, built)), "RoundLimitReached", [2n, 1]);
      });

      it("reverts when someone other than the orchestrator closes a round with absent agents", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1, 2), [[0, 10], [10, 0]]);
        const attestations = [0, 1].map((i) => ({ agentIndex: i, proposalHash: built.proposalHashes[i]!, votes: built.ballots[i]!, signature: built.signatures[i]! }));
        await reverts(
          f,
          f.sessions.write.recordRound(partialRoundArgs(f.sessionId, 1, attestations, [f.signers[2]!.address]), { account: f.stranger.account }),
          "NotOrchestrator",
          [f.sessionId, f.stranger.account.address],
        );
      });

      it("reverts when fewer than two or more than MAX_AGENTS agents attest", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const as = { account: f.orchestrator.account };
        await reverts(f, f.sessions.write.recordRound([f.sessionId, 1, "0x"], as), "PresentCountOutOfRange", [0n, 12n]);
        await reverts(f, f.sessions.write.recordRound([f.sessionId, 1, "0x01"], as), "PresentCountOutOfRange", [1n, 12n]);
        await reverts(f, f.sessions.write.recordRound([f.sessionId, 1, "0x0d"], as), "PresentCountOutOfRange", [13n, 12n]);
      });

      it("reverts when more agents attest than the session has", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound({ ...f, signers: [...f.signers, ...f.signers.slice(0, 1)] }, f.sessionId, 1, roundHashes(1, 4), [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]]);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built), { account: f.orchestrator.account }), "PresentCountOutOfRange", [4n, 3n]);
      });

      it("reverts when the packed round has the wrong length (a ballot of the wrong size)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const [, , packed] = roundArgs(f.sessionId, 1, built);
        const expected = 1n + 3n * (98n + 3n);
        await reverts(f, f.sessions.write.recordRound([f.sessionId, 1, concat([packed, "0x00"])]), "RoundDataLength", [expected + 1n, expected]);
        await reverts(f, f.sessions.write.recordRound([f.sessionId, 1, slice(packed, 0, 200)]), "RoundDataLength", [200n, expected]);
      });

      it("reverts when an entry names an agent out of range or twice", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const entries = (indices: number[]) =>
          indices.map((agentIndex, i) => ({ agentIndex, proposalHash: built.proposalHashes[i]!, votes: built.ballots[i]!, signature: built.signatures[i]! }));
        const order = sortedProposalOrder(built.proposalHashes);
        const outOfRange = packRound(entries([0, 1, 3]));
        await reverts(f, f.sessions.write.recordRound([f.sessionId, 1, outOfRange]), "InvalidAgentIndex", [BigInt(order.indexOf(2)), 3n]);
        const twice = packRound(entries([0, 1, 1]));
        const secondOfTwo = Math.max(order.indexOf(1), order.indexOf(2));
        await reverts(f, f.sessions.write.recordRound([f.sessionId, 1, twice]), "InvalidAgentIndex", [BigInt(secondOfTwo), 1n]);
      });

      it("reverts on a zero proposal hash", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        hashes[1] = zeroHash;
        const built = await buildRound(f, f.sessionId, 1, hashes, ROUND_1);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "ProposalOrderViolated", [0n, zeroHash]);
      });

      it("reverts on a duplicate proposal hash", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        hashes[2] = hashes[0]!;
        const built = await buildRound(f, f.sessionId, 1, hashes, [[0, 50, 0], [50, 0, 0], [50, 50, 0]]);
        const position = sortedProposalOrder(hashes).indexOf(2);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "ProposalOrderViolated", [BigInt(position), hashes[0]!]);
      });

      it("reverts on a forged signature (another key)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const forger = privateKeyToAccount(generatePrivateKey());
        built.signatures[1] = await signBallot(f, forger, f.sessionId, 1, built.proposalHashes[1]!, built.ballots[1]!);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "InvalidSignature", [1n, forger.address, f.signers[1]!.address]);
      });

      it("reverts on a signature for another round, session or proposal", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        for (const [session, round, own] of [[f.sessionId, 2, 0], [2n, 1, 0], [f.sessionId, 1, 1]] as const) {
          const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
          built.signatures[0] = await signBallot(f, f.signers[0]!, session, round, built.proposalHashes[own]!, built.ballots[0]!);
          await viem.assertions.revertWithCustomError(f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), f.sessions, "InvalidSignature");
        }
      });

      it("reverts on a malleable (high-s) or malformed-v signature with a zero recovered address", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const sig = built.signatures[2]!;
        const highS = pad(toHex(n - BigInt(slice(sig, 32, 64))), { size: 32 });
        const flippedV = toHex(Number(BigInt(slice(sig, 64, 65))) === 27 ? 28 : 27, { size: 1 });
        for (const bad of [concat([slice(sig, 0, 32), highS, flippedV]), concat([slice(sig, 0, 64), "0x01"])]) {
          built.signatures[2] = bad;
          await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "InvalidSignature", [2n, zeroAddress, f.signers[2]!.address]);
        }
      });

      it("reverts when an absent agent's trailing signer is not the snapshotted one", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1, 2), [[0, 10], [10, 0]]);
        const attestations = [0, 1].map((i) => ({ agentIndex: i, proposalHash: built.proposalHashes[i]!, votes: built.ballots[i]!, signature: built.signatures[i]! }));
        const impostor = privateKeyToAccount(generatePrivateKey()).address;
        await reverts(
          f,
          f.sessions.write.recordRound(partialRoundArgs(f.sessionId, 1, attestations, [impostor]), { account: f.orchestrator.account }),
          "InvalidSignature",
          [2n, impostor, f.signers[2]!.address],
        );
      });

      it("reverts when an agent votes for its own proposal", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 1, sortedVotesFor(hashes, { 1: -5, 0: 10 }), hashes);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "SelfVote", [1n, -5]);
      });

      it("reverts when an agent votes for an agent of its own operator", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        // Agent 4 is operated by agent 1's operator; the session is [1, 4, 2].
        const { ids, signers } = await registerMore(f, f.operators[0]!.account.address, 1);
        await f.sessions.write.createSession([{ ...f.params, agentIds: [1n, ids[0]!, 2n] }], { value: f.params.bounty });
        const g = { ...f, sessionId: 2n, signers: [f.signers[0]!, signers[0]!, f.signers[1]!] };
        const built = await buildRound(g, 2n, 1, roundHashes(1), [[0, 0, 10], [0, 0, 10], [-10, 20, 0]]);
        await f.sessions.write.recordRound(roundArgs(2n, 1, built)); // a negative or other-operator vote is fine
        const collusive = await buildRound(g, 2n, 2, roundHashes(2), [[0, 60, 10], [0, 0, 10], [0, 20, 0]]);
        await reverts(f, f.sessions.write.recordRound(roundArgs(2n, 2, collusive)), "SameOperatorVote", [0n, 1n, collusive.votes[0]![1]!]);
      });

      it("reverts when a ballot overspends (100 and 1 cost 10001)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 0, sortedVotesFor(hashes, { 1: 100, 2: 1 }), hashes);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "VoteBudgetExceeded", [0n, 10_001n, 10_000n]);
      });

      it("reverts when a ballot uses int8 extremes beyond the budget", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 2, sortedVotesFor(hashes, { 0: -128, 1: 127 }), hashes);
        await reverts(f, f.sessions.write.recordRound(roundArgs(f.sessionId, 1, built)), "VoteBudgetExceeded", [2n, 128n * 128n + 127n * 127n, 10_000n]);
      });

      it("reverts when a ballot overspends the session's own vote credits", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await f.sessions.write.createSession([sessionParams({ ...f.params }, { voteCredits: 100 })], { value: f.params.bounty });
        const g = { ...f, sessionId: 2n };
        const built = await buildRound(g, 2n, 1, roundHashes(1), ROUND_1); // votes sized for 10 000 credits
        await viem.assertions.revertWithCustomError(f.sessions.write.recordRound(roundArgs(2n, 1, built)), f.sessions, "VoteBudgetExceeded");
      });
    });
  });
});

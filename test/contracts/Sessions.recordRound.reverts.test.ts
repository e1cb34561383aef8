import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import { type Hex, concat, keccak256, pad, slice, toHex, zeroAddress, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeBallotVotes, packFullRound, packRound, ROUND_TERMS_BYTES, sortedProposalOrder } from "@concord/agent-sdk/protocol";
import {
  buildRound, deploySessionFixture, partialRoundArgs, registerMore, roundArgs, roundHashes, roundTermsOf, sessionParams, signBallot,
  type SessionFixture, type SessionsErrorName, recordCall,
} from "../support/contract-fixtures.ts";
import { ROUND_1, ROUND_2, record, roundWithBallot, sortedVotesFor } from "../support/round-helpers.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

/** Expects `write` to revert with `error(args)`. */
function reverts(f: SessionFixture, write: Promise<unknown>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write as Promise<Hex>, f.sessions, error, args as never);
}

describe("Sessions", () => {
  describe("recordRound", () => {
    describe("reverts", () => {
      it("reverts for an unknown session", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, 9n, 1, roundHashes(1), ROUND_1);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, 9n, 1, built), { account: f.orchestrator.account })), "UnknownSession", [9n]);
      });

      it("reverts when the session is settled", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await record(f, 1, ROUND_1);
        await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
        const built = await buildRound(f, f.sessionId, 2, roundHashes(2), ROUND_2);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 2, built))), "SessionNotOpen", [f.sessionId, 2]);
      });

      it("reverts after the deadline (the round window is closed)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await networkHelpers.time.increaseTo(f.deadline + 1n);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "DeadlinePassed", [f.sessionId, f.deadline]);
      });

      it("reverts when a round is skipped", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 2, roundHashes(2), ROUND_1);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 2, built))), "RoundOutOfOrder", [f.sessionId, 1, 2]);
      });

      it("reverts when a round is replayed or re-recorded in another version (equivocation)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const { built } = await record(f, 1, ROUND_1);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "RoundAlreadyRecorded", [f.sessionId, 1]);
        const other = await buildRound(f, f.sessionId, 1, roundHashes(7), ROUND_2);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, other))), "RoundAlreadyRecorded", [f.sessionId, 1]);
        const zero = await buildRound(f, f.sessionId, 0, roundHashes(0), ROUND_2);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 0, zero))), "RoundAlreadyRecorded", [f.sessionId, 0]);
      });

      it("reverts past maxRounds", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await f.sessions.write.createSession([{ ...f.params, maxRounds: 1 }], { value: f.params.bounty });
        const g = { ...f, sessionId: 2n };
        await record(g, 1, ROUND_1);
        const built = await buildRound(g, 2n, 2, roundHashes(2), ROUND_2);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, 2n, 2, built))), "RoundLimitReached", [2n, 1]);
      });

      it("reverts when someone other than the orchestrator closes a round with absent agents", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1, 2), [[0, 10], [10, 0]]);
        const attestations = [0, 1].map((i) => ({ agentIndex: i, proposalHash: built.proposalHashes[i]!, votes: built.ballots[i]!, signature: built.signatures[i]! }));
        await reverts(
          f,
          f.sessions.write.recordRound(recordCall(await partialRoundArgs(f, f.sessionId, 1, attestations, [f.signers[2]!.address]), { account: f.stranger.account })),
          "NotOrchestrator",
          [f.sessionId, f.stranger.account.address],
        );
      });

      it("reverts when a minority attests a round with absent agents, and takes a majority", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const { ids, signers } = await registerMore(f, f.stranger.account.address, 1);
        await f.sessions.write.createSession([{ ...f.params, agentIds: [1n, 2n, 3n, ids[0]!] }], { value: f.params.bounty });
        const g = { ...f, sessionId: 2n, signers: [...f.signers, signers[0]!] };
        const attest = (built: Awaited<ReturnType<typeof buildRound>>, present: number) =>
          Array.from({ length: present }, (_, i) => ({ agentIndex: i, proposalHash: built.proposalHashes[i]!, votes: built.ballots[i]!, signature: built.signatures[i]! }));
        const two = await buildRound(g, 2n, 1, roundHashes(1, 2), [[0, 10], [10, 0]]);
        const absentTwo = [g.signers[2]!.address, g.signers[3]!.address];
        await reverts(f, f.sessions.write.recordRound(recordCall(await partialRoundArgs(g, 2n, 1, attest(two, 2), absentTwo), { account: f.orchestrator.account })), "MinorityRound", [2n, 4n]);
        const three = await buildRound(g, 2n, 1, roundHashes(1, 3), [[0, 10, 10], [10, 0, 10], [10, 10, 0]]);
        await f.sessions.write.recordRound(recordCall(await partialRoundArgs(g, 2n, 1, attest(three, 3), [g.signers[3]!.address]), { account: f.orchestrator.account }));
        assert.equal((await f.sessions.read.getSession([2n])).roundsRecorded, 1);
      });

      it("reverts when fewer than two or more than MAX_AGENTS agents attest", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const as = { account: f.orchestrator.account };
        await reverts(f, f.sessions.write.recordRound(recordCall([f.sessionId, 1, "0x"], as)), "PresentCountOutOfRange", [0n, 10n]);
        await reverts(f, f.sessions.write.recordRound(recordCall([f.sessionId, 1, "0x01"], as)), "PresentCountOutOfRange", [1n, 10n]);
        await reverts(f, f.sessions.write.recordRound(recordCall([f.sessionId, 1, "0x0b"], as)), "PresentCountOutOfRange", [11n, 10n]);
      });

      it("reads a message too short for its head (sessionId, round) as an empty round, and says so", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const as = { account: f.orchestrator.account };
        await reverts(f, f.sessions.write.recordRound(as), "PresentCountOutOfRange", [0n, 10n]);
        await reverts(f, f.sessions.write.recordRound({ ...as, dataSuffix: "0x0000000000000001" }), "PresentCountOutOfRange", [0n, 10n]);
      });

      it("reverts when more agents attest than the session has", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound({ ...f, signers: [...f.signers, ...f.signers.slice(0, 1)] }, f.sessionId, 1, roundHashes(1, 4), [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]]);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built), { account: f.orchestrator.account })), "PresentCountOutOfRange", [4n, 3n]);
      });

      it("reverts when the round carries other round terms than the session's (e.g. a later deadline)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const terms = await f.sessions.read.roundTerms([f.sessionId]);
        assert.equal(terms & ((1n << 40n) - 1n), f.deadline, "deadline in bits 0-39");
        assert.equal((terms >> 40n) & 0xffn, 3n, "agent count in bits 40-47");
        const later = terms + 1n;
        const packed = packFullRound(built.proposalHashes, built.ballots, built.signatures, later);
        await reverts(f, f.sessions.write.recordRound(recordCall([f.sessionId, 1, packed])), "RoundTermsMismatch", [f.sessionId, later, terms]);
      });

      it("reverts when the packed round has the wrong length (a ballot of the wrong size)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const [, , packed] = await roundArgs(f, f.sessionId, 1, built);
        const expected = 1n + 3n * (98n + 3n) + BigInt(ROUND_TERMS_BYTES); // P, three entries, the round terms (18 bytes)
        await reverts(f, f.sessions.write.recordRound(recordCall([f.sessionId, 1, concat([packed, "0x00"])])), "RoundDataLength", [expected + 1n, expected]);
        await reverts(f, f.sessions.write.recordRound(recordCall([f.sessionId, 1, slice(packed, 0, 200)])), "RoundDataLength", [200n, expected]);
      });

      it("reverts when an entry names an agent out of range or twice", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const entries = (indices: number[]) =>
          indices.map((agentIndex, i) => ({ agentIndex, proposalHash: built.proposalHashes[i]!, votes: built.ballots[i]!, signature: built.signatures[i]! }));
        const order = sortedProposalOrder(built.proposalHashes);
        const terms = await roundTermsOf(f, f.sessionId);
        const outOfRange = packRound(entries([0, 1, 3]), [], terms);
        await reverts(f, f.sessions.write.recordRound(recordCall([f.sessionId, 1, outOfRange])), "InvalidAgentIndex", [BigInt(order.indexOf(2)), 3n]);
        const twice = packRound(entries([0, 1, 1]), [], terms);
        const secondOfTwo = Math.max(order.indexOf(1), order.indexOf(2));
        await reverts(f, f.sessions.write.recordRound(recordCall([f.sessionId, 1, twice])), "InvalidAgentIndex", [BigInt(secondOfTwo), 1n]);
      });

      it("reverts on a zero proposal hash", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        hashes[1] = zeroHash;
        const built = await buildRound(f, f.sessionId, 1, hashes, ROUND_1);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "ProposalOrderViolated", [0n, zeroHash]);
      });

      it("reverts on a duplicate proposal hash", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        hashes[2] = hashes[0]!;
        const built = await buildRound(f, f.sessionId, 1, hashes, [[0, 50, 0], [50, 0, 0], [50, 50, 0]]);
        const position = sortedProposalOrder(hashes).indexOf(2);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "ProposalOrderViolated", [BigInt(position), hashes[0]!]);
      });

      it("reverts on a forged signature (another key)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
        const forger = privateKeyToAccount(generatePrivateKey());
        built.signatures[1] = await signBallot(f, forger, f.sessionId, 1, built.proposalHashes[1]!, built.proposalHashes, built.ballots[1]!);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "InvalidSignature", [1n, forger.address, f.signers[1]!.address]);
      });

      it("reverts on a signature for another round, session or proposal", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        for (const [session, round, own] of [[f.sessionId, 2, 0], [2n, 1, 0], [f.sessionId, 1, 1]] as const) {
          const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND_1);
          built.signatures[0] = await signBallot(f, f.signers[0]!, session, round, built.proposalHashes[own]!, built.proposalHashes, built.ballots[0]!);
          await viem.assertions.revertWithCustomError(f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), f.sessions, "InvalidSignature");
        }
      });

      it("reverts when a ballot is recorded over another list of proposals ({A,B,D} in place of {A,B,C})", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const signed = roundHashes(1); // A, B, C: what agent 0 saw and voted over
        // D takes C's place and its position in hash order, so A's vote bytes would fit it unchanged.
        let attempt = 0;
        let recorded: Hex[];
        do recorded = [signed[0]!, signed[1]!, keccak256(toHex(`D ${attempt++}`))];
        while (sortedProposalOrder(recorded).join() !== sortedProposalOrder(signed).join());
        const built = await buildRound(f, f.sessionId, 1, recorded, ROUND_1);
        built.ballots[0] = encodeBallotVotes(sortedVotesFor(signed, { 2: 100 }));
        built.signatures[0] = await signBallot(f, f.signers[0]!, f.sessionId, 1, signed[0]!, signed, built.ballots[0]!);
        await viem.assertions.revertWithCustomError(
          f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built), { account: f.orchestrator.account })), f.sessions, "InvalidSignature",
        );
        // The same votes signed over {A,B,D} are A's vote for D, and stand.
        built.signatures[0] = await signBallot(f, f.signers[0]!, f.sessionId, 1, recorded[0]!, recorded, built.ballots[0]!);
        await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built), { account: f.orchestrator.account }));
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
          await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "InvalidSignature", [2n, zeroAddress, f.signers[2]!.address]);
        }
      });

      it("reverts when an absent agent's trailing signer is not the snapshotted one", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1, 2), [[0, 10], [10, 0]]);
        const attestations = [0, 1].map((i) => ({ agentIndex: i, proposalHash: built.proposalHashes[i]!, votes: built.ballots[i]!, signature: built.signatures[i]! }));
        const impostor = privateKeyToAccount(generatePrivateKey()).address;
        await reverts(
          f,
          f.sessions.write.recordRound(recordCall(await partialRoundArgs(f, f.sessionId, 1, attestations, [impostor]), { account: f.orchestrator.account })),
          "InvalidSignature",
          [2n, impostor, f.signers[2]!.address],
        );
      });

      it("reverts when an agent votes for its own proposal", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 1, sortedVotesFor(hashes, { 1: -5, 0: 10 }), hashes);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "SelfVote", [1n, -5]);
      });

      it("reverts when an agent votes for an agent of its own operator", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        // Agent 4 is operated by agent 1's operator; the session is [1, 4, 2].
        const { ids, signers } = await registerMore(f, f.operators[0]!.account.address, 1);
        await f.sessions.write.createSession([{ ...f.params, agentIds: [1n, ids[0]!, 2n] }], { value: f.params.bounty });
        const g = { ...f, sessionId: 2n, signers: [f.signers[0]!, signers[0]!, f.signers[1]!] };
        const built = await buildRound(g, 2n, 1, roundHashes(1), [[0, 0, 10], [0, 0, 10], [-10, 20, 0]]);
        await f.sessions.write.recordRound(recordCall(await roundArgs(f, 2n, 1, built))); // a negative or other-operator vote is fine
        const collusive = await buildRound(g, 2n, 2, roundHashes(2), [[0, 60, 10], [0, 0, 10], [0, 20, 0]]);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, 2n, 2, collusive))), "SameOperatorVote", [0n, 1n, collusive.votes[0]![1]!]);
      });

      it("reverts when a ballot overspends (100 and 1 cost 10001)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 0, sortedVotesFor(hashes, { 1: 100, 2: 1 }), hashes);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "VoteBudgetExceeded", [0n, 10_001n, 10_000n]);
      });

      it("reverts when a ballot uses int8 extremes beyond the budget", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const hashes = roundHashes(1);
        const built = await roundWithBallot(f, 2, sortedVotesFor(hashes, { 0: -128, 1: 127 }), hashes);
        await reverts(f, f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built))), "VoteBudgetExceeded", [2n, 128n * 128n + 127n * 127n, 10_000n]);
      });

      it("reverts when a ballot overspends the session's own vote credits", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await f.sessions.write.createSession([sessionParams({ ...f.params }, { voteCredits: 100 })], { value: f.params.bounty });
        const g = { ...f, sessionId: 2n };
        const built = await buildRound(g, 2n, 1, roundHashes(1), ROUND_1); // votes sized for 10 000 credits
        await viem.assertions.revertWithCustomError(f.sessions.write.recordRound(recordCall(await roundArgs(f, 2n, 1, built))), f.sessions, "VoteBudgetExceeded");
      });
    });
  });
});

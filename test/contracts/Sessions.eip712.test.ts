import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { hashTypedData, keccak256, toHex } from "viem";
import { BALLOT_TYPE_STRING, ballotTypes, ballotVotesWord, encodeBallotVotes, roundProposalsHash, sessionsDomain, VOTE_CREDITS } from "@concord/agent-sdk/protocol";
import { deploySessionFixture, roundHashes } from "../support/contract-fixtures.ts";

const { viem, networkHelpers } = await network.create();
const sessionFixture = () => deploySessionFixture(viem);

describe("Sessions", () => {
  describe("EIP-712", () => {
    it("BALLOT_TYPEHASH is keccak256 of the sdk's type string", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      assert.equal(await f.sessions.read.BALLOT_TYPEHASH(), keccak256(toHex(BALLOT_TYPE_STRING)));
    });

    it("MAX_VOTE_CREDITS equals the sdk's VOTE_CREDITS", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      assert.equal(BigInt(await f.sessions.read.MAX_VOTE_CREDITS()), VOTE_CREDITS);
    });

    it("the domain matches sessionsDomain", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const [, name, version, chainId, verifyingContract] = await f.sessions.read.eip712Domain();
      const expected = sessionsDomain(f.chainId, f.sessions.address);
      assert.deepEqual(
        { name, version, chainId: Number(chainId), verifyingContract: verifyingContract.toLowerCase() },
        { ...expected, verifyingContract: f.sessions.address.toLowerCase() },
      );
    });

    it("ballotDigest equals viem's hashTypedData with the sdk's types and domain", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const votes = encodeBallotVotes([-100, 0, 37]);
      const proposalHash = roundHashes(4)[1]!;
      const proposalsHash = roundProposalsHash(roundHashes(4));
      const expected = hashTypedData({
        domain: sessionsDomain(f.chainId, f.sessions.address), types: ballotTypes, primaryType: "Ballot",
        message: { sessionId: 7n, round: 4, proposalHash, proposalsHash, votes: ballotVotesWord(votes) },
      });
      assert.equal(ballotVotesWord(votes), `${votes}${"00".repeat(29)}`);
      assert.equal(await f.sessions.read.ballotDigest([7n, 4, proposalHash, proposalsHash, ballotVotesWord(votes)]), expected);
    });
  });
});

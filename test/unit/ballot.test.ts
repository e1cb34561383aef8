import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type Hex, concat, keccak256 } from "viem";
import {
  ConcordError, decodeBallotVotes, encodeBallotVotes, packBallot, roundProposalsHash, sortedProposalOrder, unpackBallot,
} from "@concord/agent-sdk/protocol";

const h = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;

describe("ballot packing", () => {
  it("orders proposals by hash ascending as 256-bit numbers", () => {
    assert.deepEqual(sortedProposalOrder([h(0x30), h(0x10), h(0xff00), h(0x20)]), [1, 3, 0, 2]);
  });
  it("orders hashes of any letter case, and random ones, as their numbers do", () => {
    const hashes = Array.from({ length: 40 }, (_, i) => keccak256(`0x${i.toString(16).padStart(2, "0")}`));
    const mixed = hashes.map((x, i) => (i % 3 === 0 ? (x.toUpperCase().replace("0X", "0x") as Hex) : x));
    const byNumber = hashes.map((x, i) => ({ x: BigInt(x), i })).sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0)).map((e) => e.i);
    assert.deepEqual(sortedProposalOrder(mixed), byNumber);
    assert.deepEqual(sortedProposalOrder(["0x30", "0x0010", h(0x20)]), [1, 2, 0], "shorter than 32 bytes: by number");
  });
  it("encodes int8 votes as two's complement and decodes them back", () => {
    assert.equal(encodeBallotVotes([0, 100, -57, -128, 127]), "0x0064c780" + "7f");
    assert.deepEqual(decodeBallotVotes("0x0064c7807f"), [0, 100, -57, -128, 127]);
  });
  it("refuses votes that do not fit an int8", () => {
    assert.throws(() => encodeBallotVotes([128]), (e: unknown) => e instanceof ConcordError && e.code === "BALLOT_VOTE_OUT_OF_RANGE");
    assert.throws(() => encodeBallotVotes([1.5]), ConcordError);
  });
  it("packs by hash order and unpacks back to panel order; missing votes are 0", () => {
    const hashes = [h(3), h(1), h(2)];
    const packed = packBallot(hashes, new Map([[h(3), 40], [h(2), -9]]));
    assert.deepEqual(decodeBallotVotes(packed), [0, -9, 40]);
    assert.deepEqual(unpackBallot(hashes, packed), [40, 0, -9]);
  });
  it("rejects a ballot whose length differs from the round", () => {
    assert.throws(() => unpackBallot([h(1), h(2)], "0x00"), (e: unknown) => e instanceof ConcordError && e.code === "BALLOT_LENGTH_MISMATCH");
  });
  it("hashes the round's proposal list sorted ascending, whatever order it is given in", () => {
    const sorted = keccak256(concat([h(0x10), h(0x20), h(0xff00)]));
    assert.equal(roundProposalsHash([h(0xff00), h(0x10), h(0x20)]), sorted);
    assert.equal(roundProposalsHash([h(0x10), h(0x20), h(0xff00)]), sorted);
    assert.notEqual(roundProposalsHash([h(0x10), h(0x20), h(0xff01)]), sorted);
  });
});

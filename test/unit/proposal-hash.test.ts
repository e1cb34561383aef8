// The proposal hash's encoding, written out by hand, against viem's abi encoder: equal for every
// field's range and for texts of every length and script (the UTF-8 byte length is what counts),
// and refused where viem's encoder refuses.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, concat, encodeAbiParameters, keccak256, numberToHex, stringToHex, type Hex } from "viem";
import { encodeProposal, proposalHash, roundProposalsHash } from "@concord/agent-sdk/protocol";
import { keccakHex } from "@concord/agent-sdk/secp256k1";

const draw = (tag: string, i: number) => keccak256(concat([numberToHex(i, { size: 4 }), stringToHex(tag)]));
const viemEncoding = (sessionId: bigint, round: number, salt: Hex, thoughtProcess: string, solution: string) => encodeAbiParameters(
  [{ type: "uint256" }, { type: "uint32" }, { type: "bytes32" }, { type: "string" }, { type: "string" }],
  [sessionId, round, salt, thoughtProcess, solution],
);
const texts = ["", "a", "x".repeat(31), "y".repeat(32), "z".repeat(33), "191", "é∑😀 mixed", "Ω".repeat(100), "long ".repeat(400)];

describe("proposalHash", () => {
  it("encodes as viem's abi encoder over the fields' ranges and texts of every length", () => {
    let i = 0;
    for (const thoughtProcess of texts) {
      for (const solution of texts) {
        const sessionId = [0n, 1n, 2n ** 256n - 1n, BigInt(draw("s", i))][i % 4]!;
        const round = [0, 1, 2 ** 32 - 1, 3][i % 4]!;
        const salt = draw("salt", i++);
        const body = { thoughtProcess, solution };
        const expected = viemEncoding(sessionId, round, salt, thoughtProcess, solution);
        assert.equal(bytesToHex(encodeProposal(sessionId, round, salt, body)), expected);
        assert.equal(proposalHash(sessionId, round, salt, body), keccak256(expected));
        assert.equal(proposalHash(sessionId, round, salt, body, keccakHex), keccak256(expected), "with the WASM keccak");
      }
    }
  });

  it("hashes a round's proposal list the same with either keccak", () => {
    for (let n = 1; n <= 9; n++) {
      const hashes = Array.from({ length: n }, (_, i) => draw(`list${n}`, i));
      assert.equal(roundProposalsHash(hashes, keccakHex), roundProposalsHash(hashes));
    }
  });

  it("refuses what viem's encoder refuses", () => {
    const salt = draw("salt", 0);
    const body = { thoughtProcess: "t", solution: "s" };
    for (const [sessionId, round, s] of [[2n ** 256n, 1, salt], [-1n, 1, salt], [1n, 2 ** 32, salt], [1n, -1, salt], [1n, 1.5, salt], [1n, 1, "0x12"], [1n, 1, `${salt}00`]] as const) {
      assert.throws(() => viemEncoding(sessionId, round, s as Hex, "t", "s"));
      assert.throws(() => encodeProposal(sessionId, round, s as Hex, body));
    }
  });
});

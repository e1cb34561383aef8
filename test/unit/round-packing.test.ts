import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Hex, concat, encodeFunctionData, pad, size, slice, toHex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import {
  ConcordError, MULTICALL_SELECTOR, multicallSuffix, packCalls, packFullRound, packRound, parseRecordRoundCall, RECORD_ROUND_SELECTOR,
  recordRoundCalls, recordRoundMessage, ROUND_TERMS_BYTES, unpackCalls, unpackRoundOutcome, unpackRoundScores,
} from "@concord/agent-sdk/protocol";

const sig = (n: number): Hex => pad(toHex(n), { size: 65 });
const hash = (n: number): Hex => pad(toHex(n), { size: 32 });

describe("sdk/protocol/round-packing", () => {
  describe("recordRoundMessage", () => {
    it("is sessionId in 8 bytes, round in 1, then the packed round, and reads back after the selector", () => {
      const message = recordRoundMessage(0x0102n, 7, "0x02ffee");
      assert.equal(message, "0x00000000000001020702ffee");
      assert.deepEqual(parseRecordRoundCall(concat([RECORD_ROUND_SELECTOR, message])), { sessionId: 0x0102n, round: 7, packed: "0x02ffee" });
    });
    it("refuses a session id over 8 bytes or a round over 1 byte, with a clear error", () => {
      for (const [id, round] of [[1n << 64n, 1], [-1n, 1], [1n, 256], [1n, -1], [1n, 1.5]] as const) {
        assert.throws(() => recordRoundMessage(id, round, "0x02"), (e: unknown) => e instanceof ConcordError && e.code === "INVALID_ROUND_MESSAGE");
      }
    });
    it("finds every recordRound of a transaction: alone, in a multicall beside a settlement, in a batch within a batch", () => {
      const call = (id: bigint, round: number) => concat([RECORD_ROUND_SELECTOR, recordRoundMessage(id, round, "0x01aa")]);
      const multicall = (calls: Hex[]) => packCalls(calls);
      const settle = encodeFunctionData({ abi: sessionsAbi, functionName: "settle", args: [5n] });
      assert.deepEqual(recordRoundCalls(call(5n, 1)), [{ sessionId: 5n, round: 1, packed: "0x01aa" }]);
      assert.deepEqual(recordRoundCalls(multicall([call(5n, 2), settle])), [{ sessionId: 5n, round: 2, packed: "0x01aa" }]);
      assert.deepEqual(recordRoundCalls(multicall([call(4n, 3), multicall([call(5n, 2), settle])])).map((c) => [c.sessionId, c.round]), [[4n, 3], [5n, 2]]);
      assert.deepEqual(recordRoundCalls(settle), []);
      assert.deepEqual(recordRoundCalls(concat([multicall([call(5n, 2)]), "0x1234"])), [], "a multicall that does not decode holds none");
    });
    it("packs a multicall as each call's 3-byte length then its bytes, and reads it back", () => {
      const settle = encodeFunctionData({ abi: sessionsAbi, functionName: "settle", args: [5n] });
      const input = packCalls(["0xaabb", settle, "0x"]);
      assert.equal(slice(input, 0, 4), MULTICALL_SELECTOR);
      assert.equal(slice(input, 4, 9), "0x000002aabb");
      assert.deepEqual(unpackCalls(input), ["0xaabb", settle, "0x"]);
      assert.equal(concat([MULTICALL_SELECTOR, multicallSuffix(["0xaabb"])]), packCalls(["0xaabb"]));
      assert.deepEqual(unpackCalls(MULTICALL_SELECTOR), [], "an empty batch");
    });
    it("reads no batch whose lengths run past its end, and no other call as one", () => {
      const input = packCalls(["0xaabbcc"]);
      assert.equal(unpackCalls(slice(input, 0, size(input) - 1)), undefined, "a call cut short");
      assert.equal(unpackCalls(concat([input, "0x0001"])), undefined, "a length cut short");
      assert.equal(unpackCalls(encodeFunctionData({ abi: sessionsAbi, functionName: "settle", args: [5n] })), undefined);
    });
    it("reads no other call, and no message too short for its head", () => {
      assert.equal(parseRecordRoundCall("0x12345678000000000000000101"), undefined, "another selector");
      assert.equal(parseRecordRoundCall(concat([RECORD_ROUND_SELECTOR, "0x0000000000000001"])), undefined, "no round byte");
    });
  });
  describe("packRound", () => {
    it("writes P, then entries in ascending hash order, then the absent signers", () => {
      const absent = "0x00000000000000000000000000000000000000aa";
      const packed = packRound(
        [
          { agentIndex: 2, proposalHash: hash(9), votes: "0x0100", signature: sig(1) },
          { agentIndex: 0, proposalHash: hash(3), votes: "0x00ff", signature: sig(2) },
        ],
        [absent],
        0x0102n,
      );
      assert.equal(size(packed), 1 + 2 * (98 + 2) + 20 + ROUND_TERMS_BYTES);
      assert.equal(slice(packed, 0, 1), "0x02");
      assert.equal(slice(packed, 1, 2), "0x00", "agent 0 (the lower hash) comes first");
      assert.equal(slice(packed, 2, 34), hash(3));
      assert.equal(slice(packed, 99, 101), "0x00ff");
      assert.equal(slice(packed, 101, 102), "0x02");
      assert.equal(slice(packed, 201, 221), absent);
      assert.equal(slice(packed, 221), pad("0x0102", { size: ROUND_TERMS_BYTES }), "the round terms end it, in 23 bytes");
    });

    it("packs a full round from agent-order arrays", () => {
      const packed = packFullRound([hash(2), hash(1)], ["0x0005", "0x0300"], [sig(7), sig(8)], 7n);
      assert.equal(packed, concat(["0x02", "0x01", hash(1), sig(8), "0x0300", "0x00", hash(2), sig(7), "0x0005", pad("0x07", { size: ROUND_TERMS_BYTES })]));
    });

    it("throws on a ballot of the wrong length, a short signature, or terms wider than 23 bytes", () => {
      assert.throws(() => packRound([{ agentIndex: 0, proposalHash: hash(1), votes: "0x00", signature: sig(1) }, { agentIndex: 1, proposalHash: hash(2), votes: "0x0000", signature: sig(2) }], [], 0n), ConcordError);
      assert.throws(() => packRound([{ agentIndex: 0, proposalHash: hash(1), votes: "0x00", signature: "0x01" }], [], 0n), ConcordError);
      assert.throws(() => packRound([{ agentIndex: 0, proposalHash: hash(1), votes: "0x00", signature: sig(1) }], [], 1n << 184n), ConcordError);
    });
  });

  describe("unpackRoundScores", () => {
    it("reads int16 lanes by agent index, negatives included", () => {
      const packed = (0xff9cn << 0n) | (150n << 16n) | (0n << 32n);
      assert.deepEqual(unpackRoundScores(packed, 3), [-100, 150, 0]);
    });
  });
  describe("unpackRoundOutcome", () => {
    it("reads the scores, the present bitmap (bits 160-169), the winner index (bits 170-173) and the levels (8 bits from 176)", () => {
      const scores = (0xffn << 16n) | 5n; // agent 0: 5, agent 1: 255
      const levels = (140n << 176n) | (0n << 184n) | (7n << 192n);
      const outcome = scores | (0b101n << 160n) | (2n << 170n) | levels;
      assert.deepEqual(unpackRoundOutcome(outcome, 3), { scores: [5, 255, 0], present: 0b101n, winnerIndex: 2, levels: [140, 0, 7] });
      // The fields do not bleed into each other at their widest: ten agents, every bit set.
      const full = unpackRoundOutcome((1n << 256n) - 1n, 10);
      assert.equal(full.present, 0x3ffn);
      assert.equal(full.winnerIndex, 15);
      assert.deepEqual(full.levels, new Array(10).fill(255));
    });
  });
});

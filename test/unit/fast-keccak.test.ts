// keccak256 in WASM against viem's, byte for byte: every length a round's messages have (and the
// block edges of the sponge, 136 bytes), the EIP-191 digest of raw bytes, and results that do not
// share memory with the next hash.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, hashMessage, keccak256 } from "viem";
import { hashRawMessage, keccakBytes, keccakHex } from "@concord/agent-sdk/secp256k1";

/** n deterministic bytes, different for every n. */
const bytesOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + n * 7) & 0xff);

describe("keccak256 (WASM)", () => {
  it("hashes every length from 0 to 600 bytes, and 2 to 64 KB, as viem does", () => {
    const lengths = [...Array.from({ length: 601 }, (_, n) => n), 2_048, 9_999, 65_536];
    for (const n of lengths) {
      const data = bytesOf(n);
      assert.equal(bytesToHex(keccakBytes(data)), keccak256(data), `${n} bytes`);
      assert.equal(keccakHex(data), keccak256(data), `${n} bytes`);
      assert.equal(keccakHex(bytesToHex(data)), keccak256(bytesToHex(data)), `${n} bytes as hex`);
    }
  });

  it("gives the EIP-191 digest of raw bytes as viem's hashMessage", () => {
    for (const n of [0, 1, 9, 10, 32, 99, 100, 931, 1_000, 4_096]) {
      const raw = bytesOf(n);
      assert.equal(hashRawMessage(raw), hashMessage({ raw }), `${n} bytes`);
    }
  });

  it("returns a digest of its own: a later hash does not change an earlier one", () => {
    const first = keccakBytes(bytesOf(5));
    const copy = Uint8Array.from(first);
    keccakBytes(bytesOf(6));
    assert.deepEqual(first, copy);
  });
});

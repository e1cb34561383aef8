// The two builds of libsecp256k1 (the native addon, and WASM where no addon loads) against each
// other: the same signatures, the same recoveries, the same refusals. The native one loads on
// linux-x64, where the package ships its binary, so the fast path is the one in use there.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { concat, hexToBytes, keccak256, numberToHex, stringToHex } from "viem";
import { backends, secp256k1Backend } from "../../sdk/protocol/secp256k1-backend.ts";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const draw = (tag: string, i: number) => hexToBytes(keccak256(concat([numberToHex(i, { size: 4 }), stringToHex(tag)])));
const word = (x: bigint) => hexToBytes(numberToHex(x, { size: 32 }));

describe("secp256k1 backends", () => {
  it("is native on linux-x64", { skip: process.platform !== "linux" || process.arch !== "x64" }, () => {
    assert.ok(backends.native);
    assert.equal(secp256k1Backend.name, "native");
  });

  it("sign, recover and derive keys alike, for valid and invalid signatures", { skip: !backends.native }, () => {
    const native = backends.native!;
    const wasm = backends.wasm;
    for (let i = 0; i < 500; i++) {
      const key = word((BigInt(keccak256(draw("key", i))) % (N - 1n)) + 1n);
      const edges = [0n, 1n, N - 1n, N, N + 1n, 2n ** 256n - 1n];
      const digest = i < edges.length ? word(edges[i]!) : draw("digest", i);
      const a = native.sign(digest, key);
      const b = wasm.sign(digest, key);
      assert.deepEqual([...a.signature, a.recoveryId], [...b.signature, b.recoveryId], `signature ${i}`);
      assert.deepEqual(native.publicKey(key), wasm.publicKey(key));
      assert.deepEqual(native.recover(digest, a.signature, a.recoveryId), native.publicKey(key));
      // Arbitrary r ‖ s, some out of range (0 or ≥ n), either recovery id.
      const r = i % 10 === 1 ? 0n : i % 10 === 2 ? N + BigInt(i) : BigInt(keccak256(draw("r", i)));
      const s = i % 10 === 3 ? 0n : i % 10 === 4 ? N : BigInt(keccak256(draw("s", i))) % N;
      const compact = concat([word(r % 2n ** 256n), word(s)]);
      const id = (i % 2) as 0 | 1;
      const fromNative = native.recover(digest, compact, id);
      const fromWasm = wasm.recover(digest, compact, id);
      assert.deepEqual(fromNative && [...fromNative], fromWasm && [...fromWasm], `recovery ${i}`);
    }
  });
});

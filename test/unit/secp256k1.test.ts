// The WASM secp256k1 module against viem, byte for byte: what it signs is what viem signs, what it
// recovers is what viem recovers (and where viem finds no signer, neither does it), and the
// account built on it signs messages and typed data exactly as viem's own account does.
// Keys and digests come from a keccak chain so a failure reproduces.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, concat, keccak256, numberToHex, recoverAddress, stringToHex, type Hex } from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";
import { fastAccount, recoverDigestAddress, signDigest, splitSignature } from "@concord/agent-sdk/secp256k1";
import { roundProposalsHash, signBallot, signDecline, signPayload } from "@concord/agent-sdk/protocol";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const word = (x: bigint) => numberToHex(x, { size: 32 });
/** The i-th pseudo-random 32-byte value of stream `tag`. */
const draw = (tag: string, i: number) => keccak256(concat([numberToHex(i, { size: 4 }), stringToHex(tag)]));
/** A valid private key: in [1, n − 1]. */
const keyAt = (i: number): Hex => word((BigInt(draw("key", i)) % (N - 1n)) + 1n);
/** Recovery by viem, or undefined where viem throws (no point, r or s out of range). */
async function viemRecover(hash: Hex, signature: Hex) {
  try {
    return await recoverAddress({ hash, signature });
  } catch {
    return undefined;
  }
}
const recoverFast = (hash: Hex, signature: Hex) => {
  const split = splitSignature(signature)!;
  return recoverDigestAddress(hash, split.compact, split.recoveryId);
};

describe("secp256k1 (WASM)", () => {
  it("signs 2 000 random digests by 2 000 random keys exactly as viem does, and recovers the signer", async () => {
    for (let i = 0; i < 2_000; i++) {
      const privateKey = keyAt(i);
      const hash = draw("digest", i);
      const fast = signDigest(privateKey, hash);
      assert.equal(fast, await sign({ hash, privateKey, to: "hex" }), `key ${i}`);
      // viem's address for the key costs a pure-JS multiplication: every 10th is enough.
      if (i % 10 === 0) assert.equal(recoverFast(hash, fast), privateKeyToAccount(privateKey).address, `key ${i}`);
    }
  });

  it("agrees with viem at the digest edges (0, 1, n − 1, n, n + 1, 2^256 − 1)", async () => {
    for (const d of [0n, 1n, N - 1n, N, N + 1n, 2n ** 256n - 1n]) {
      for (let i = 0; i < 8; i++) {
        const privateKey = keyAt(10_000 + i);
        const fast = signDigest(privateKey, word(d));
        assert.equal(fast, await sign({ hash: word(d), privateKey, to: "hex" }), `digest ${d.toString(16)}`);
        assert.equal(recoverFast(word(d), fast), await viemRecover(word(d), fast));
      }
    }
  });

  it("recovers what viem recovers from 1 000 arbitrary 65-byte signatures, valid or not", async () => {
    for (let i = 0; i < 1_000; i++) {
      const hash = draw("any-digest", i);
      // r and s random; every 10th r or s out of range (0 or ≥ n), v 27 or 28.
      const r = i % 10 === 1 ? 0n : i % 10 === 2 ? N + BigInt(i) : BigInt(draw("r", i));
      const s = i % 10 === 3 ? 0n : i % 10 === 4 ? N : BigInt(draw("s", i)) % N;
      const signature = concat([word(r % 2n ** 256n), word(s), numberToHex(27 + (i % 2), { size: 1 })]);
      assert.equal(recoverFast(hash, signature), await viemRecover(hash, signature), `signature ${i}`);
    }
  });

  it("a flipped v recovers another address, as with viem; a high-s twin is marked", async () => {
    for (let i = 0; i < 50; i++) {
      const privateKey = keyAt(20_000 + i);
      const hash = draw("flip", i);
      const sig = signDigest(privateKey, hash);
      assert.equal(splitSignature(sig)!.highS, false);
      const flipped = `${sig.slice(0, 130)}${sig.endsWith("1b") ? "1c" : "1b"}` as Hex;
      const other = recoverFast(hash, flipped);
      assert.notEqual(other, privateKeyToAccount(privateKey).address);
      assert.equal(other, await viemRecover(hash, flipped));
      const twin = concat([sig.slice(0, 66) as Hex, word(N - BigInt(`0x${sig.slice(66, 130)}`)), sig.endsWith("1b") ? "0x1c" : "0x1b"]);
      assert.equal(splitSignature(twin)!.highS, true);
    }
    assert.equal(splitSignature(`0x${"11".repeat(64)}1d`), undefined, "v = 29");
    assert.equal(splitSignature(`0x${"11".repeat(64)}`), undefined, "64 bytes");
    assert.deepEqual(splitSignature(`0x${"11".repeat(64)}00`)?.recoveryId, 0);
    assert.deepEqual(splitSignature(`0x${"11".repeat(64)}01`)?.recoveryId, 1);
  });

  it("its account signs payloads, ballots, declines and messages exactly as viem's account", async () => {
    const contract = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
    for (let i = 0; i < 100; i++) {
      const privateKey = keyAt(30_000 + i);
      const [fast, slow] = [fastAccount(privateKey), privateKeyToAccount(privateKey)];
      assert.equal(fast.address, slow.address);
      assert.equal(fast.publicKey, slow.publicKey);
      const data = new TextEncoder().encode(`{"round":${i}}`);
      assert.equal(await signPayload(fast, data), await signPayload(slow, data));
      const list = [draw("p", i), draw("q", i)];
      const ballot = { sessionId: BigInt(i), round: 1 + i, proposalHash: list[0]!, proposalsHash: roundProposalsHash(list), votes: "0x0005" as Hex };
      assert.equal(await signBallot(fast, contract, ballot), await signBallot(slow, contract, ballot));
      assert.equal(await signDecline(fast, contract, BigInt(i)), await signDecline(slow, contract, BigInt(i)));
      assert.equal(await fast.signMessage({ message: `hello ${i}` }), await slow.signMessage({ message: `hello ${i}` }));
      // Raw bytes (a payload's digest, hashed with no hex) and raw hex, of lengths with 1 to 3 digits.
      const raw = new Uint8Array(i * 7).map((_, k) => (k * 31 + i) & 0xff);
      assert.equal(await fast.signMessage({ message: { raw } }), await slow.signMessage({ message: { raw } }));
      assert.equal(await fast.signMessage({ message: { raw: bytesToHex(raw) } }), await slow.signMessage({ message: { raw: bytesToHex(raw) } }));
      assert.equal(await fast.sign({ hash: draw("h", i) }), await slow.sign!({ hash: draw("h", i) }));
    }
  });

  it("its account signs transactions of every kind exactly as viem's account", async () => {
    const to = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
    for (let i = 0; i < 50; i++) {
      const privateKey = keyAt(40_000 + i);
      const [fast, slow] = [fastAccount(privateKey), privateKeyToAccount(privateKey)];
      const data = draw("calldata", i);
      const transactions = [
        { type: "eip1559", chainId: 31337, nonce: i, to, data, gas: 100_000n + BigInt(i), maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1_000_000n, value: BigInt(i) },
        { type: "legacy", chainId: 1 + i, nonce: i, to, data, gas: 21_000n, gasPrice: 1_000_000_007n },
        { type: "eip2930", chainId: 10, nonce: i, to, data, gas: 50_000n, gasPrice: 7n, accessList: [{ address: to, storageKeys: [draw("slot", i)] }] },
      ] as const;
      for (const tx of transactions) assert.equal(await fast.signTransaction(tx), await slow.signTransaction(tx), `${tx.type} ${i}`);
    }
  });
});

// The orchestrator's signature checks against known signers (libsecp256k1 recovery in WASM): they
// must accept and refuse exactly what recovery to the expected address would, and refuse high s.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, stringToBytes, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { secp256k1 } from "@noble/curves/secp256k1";
import { ConcordError, roundProposalsHash, signBallot, signDecline, signPayload } from "@concord/agent-sdk/protocol";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import { declineSigner, verifyBallot, verifySignedPayload } from "@concord/orchestrator/crypto/known-signers.ts";

const alice = privateKeyToAccount(generatePrivateKey());
const mallory = privateKeyToAccount(generatePrivateKey());
const data = new TextEncoder().encode(JSON.stringify({ sessionId: "1", round: 1, solution: "191" }));
const other = new TextEncoder().encode(JSON.stringify({ sessionId: "1", round: 1, solution: "192" }));
const contract = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const roundList = ["p", "q", "r"].map((text) => keccak256(stringToBytes(text)));
const ballot = { sessionId: 7n, round: 2, proposalHash: roundList[0]!, proposalsHash: roundProposalsHash(roundList), votes: "0x00050a" as Hex };
const refused = (pattern: RegExp) => (e: unknown) => e instanceof ConcordError && e.code === "INVALID_SIGNATURE" && pattern.test(e.message);

/** The same signature with its v byte replaced. */
const withV = (sig: Hex, v: number) => `${sig.slice(0, 130)}${v.toString(16).padStart(2, "0")}` as Hex;
/** The malleable twin (r, n − s, flipped v): it recovers to the same address, but the contract refuses it. */
function highS(sig: Hex): Hex {
  const s = BigInt(`0x${sig.slice(66, 130)}`);
  const v = Number.parseInt(sig.slice(130), 16);
  return `${sig.slice(0, 66)}${(secp256k1.CURVE.n - s).toString(16).padStart(64, "0")}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
}

describe("known signers", () => {
  it("accepts the signer's payload signature", async () => {
    verifySignedPayload(other, await signPayload(alice, other), alice.address);
  });
  it("refuses a payload signed by a different key, naming that key", async () => {
    assert.throws(() => verifySignedPayload(data, "0x" as Hex, alice.address), refused(/missing or malformed/));
    const forged = await signPayload(mallory, data);
    assert.throws(() => verifySignedPayload(data, forged, alice.address), refused(new RegExp(`signed by ${mallory.address}, expected ${alice.address}`)));
  });
  it("refuses the signer's signature over other bytes", async () => {
    const sig = await signPayload(alice, data);
    assert.throws(() => verifySignedPayload(other, sig, alice.address), refused(/signed by 0x[0-9a-fA-F]{40}, expected/));
  });
  it("refuses a flipped v, which would recover another address", async () => {
    const sig = await signPayload(alice, other);
    const v = Number.parseInt(sig.slice(130), 16);
    assert.throws(() => verifySignedPayload(other, withV(sig, v === 27 ? 28 : 27), alice.address), refused(/signed by|does not recover/));
  });
  it("refuses a malformed signature with a clear reason", async () => {
    const sig = await signPayload(alice, other);
    assert.throws(() => verifySignedPayload(other, undefined, alice.address), refused(/missing or malformed Concord-Signature header/));
    assert.throws(() => verifySignedPayload(other, sig.slice(0, 100), alice.address), refused(/65 bytes/));
    assert.throws(() => verifySignedPayload(other, withV(sig, 29), alice.address), refused(/v = 29/));
    assert.throws(() => verifySignedPayload(other, `0x${"00".repeat(32)}${sig.slice(66)}`, alice.address), refused(/out of range/));
    assert.throws(() => verifySignedPayload(other, highS(sig), alice.address), refused(/malleable/));
  });
  it("checks an EIP-712 ballot against its evaluator", async () => {
    const sig = await signBallot(alice, contract, ballot);
    verifyBallot(contract, ballot, sig, alice.address);
    verifyBallot(contract, ballot, sig, alice.address);
    assert.throws(() => verifyBallot(contract, { ...ballot, votes: "0x000a05" }, sig, alice.address), refused(/ballot signature signed by/));
    // The same votes moved onto another list of proposals ({p, q, s} in place of {p, q, r}).
    const moved = roundProposalsHash([roundList[0]!, roundList[1]!, keccak256(stringToBytes("s"))]);
    assert.throws(() => verifyBallot(contract, { ...ballot, proposalsHash: moved }, sig, alice.address), refused(/ballot signature signed by/));
    assert.throws(() => verifyBallot({ ...contract, chainId: 1 }, ballot, sig, alice.address), refused(/ballot signature signed by/));
    const forged = await signBallot(mallory, contract, ballot);
    assert.throws(() => verifyBallot(contract, ballot, forged, alice.address), refused(new RegExp(`signed by ${mallory.address}`)));
    assert.throws(() => verifyBallot(contract, ballot, highS(sig), alice.address), refused(/malleable/));
  });

  it("names a decline's signer for its session only, and refuses a high-s decline that failSession would refuse", async () => {
    const key = generatePrivateKey();
    for (const signer of [privateKeyToAccount(key), fastAccount(key)]) {
      const sig = await signDecline(signer, contract, 7n);
      assert.equal(declineSigner(contract, 7n, sig), signer.address);
      assert.notEqual(declineSigner(contract, 8n, sig), signer.address);
      assert.throws(() => declineSigner(contract, 7n, highS(sig)), refused(/decline signature is malleable/));
    }
  });

  it("agrees with recovery over many signatures, including the ones it refuses", async () => {
    for (let i = 0; i < 64; i++) {
      const bytes = new Uint8Array([i, ...data]);
      const sig = await signPayload(i % 4 === 0 ? mallory : alice, bytes);
      const ok = i % 4 !== 0;
      if (ok) verifySignedPayload(bytes, sig, alice.address);
      else assert.throws(() => verifySignedPayload(bytes, sig, alice.address), refused(new RegExp(`signed by ${mallory.address}`)));
    }
  });
});

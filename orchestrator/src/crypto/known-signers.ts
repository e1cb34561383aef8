// Checks secp256k1 signatures by signers whose address the orchestrator already knows (the
// panel's, read from the chain). Recovering an address from a signature is the costly way (pure-JS
// recovery ≈ 2 ms); here the first signature seen from an address is recovered once, the public key
// it yields is cached with precomputed multiples, and every later signature is checked against that
// key (≈ 0.6 ms). The check is exact: besides R.x = r it requires R's y parity to equal the
// signature's v, so a signature passes here exactly when recovery would give the same address, and
// high-s signatures (which the contract's ECDSA refuses) are refused too.
import { secp256k1 } from "@noble/curves/secp256k1";
import { invert } from "@noble/curves/abstract/modular";
import { hashMessage, hashTypedData, keccak256, type Address, type Hex } from "viem";
import { publicKeyToAddress } from "viem/accounts";
import {
  type BallotMessage, ballotTypes, ConcordError, type SessionsContractRef, sessionsDomain, SIGNATURE_HEADER,
} from "@concord/agent-sdk/protocol";

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;
const { ProjectivePoint, CURVE } = secp256k1;
const N = CURVE.n;
const HALF_N = N >> 1n;
/** Window of the cached keys' precomputed multiples: 4 bits keeps each key's table small (~520 points). */
const WINDOW = 4;
const CACHE_LIMIT = 4_096;

/** Address (lowercase) → its public key, learnt from a signature that recovered to it. */
const keys = new Map<string, Point>();

interface Parsed {
  r: bigint;
  s: bigint;
  yParity: 0 | 1;
}

function parse(signature: string | undefined, what: string): Parsed {
  if (!signature || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new ConcordError("INVALID_SIGNATURE", `missing or malformed ${what}: expected 65 bytes as 0x-hex`);
  }
  const r = BigInt(signature.slice(0, 66));
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130), 16);
  const yParity = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : undefined;
  if (yParity === undefined) throw new ConcordError("INVALID_SIGNATURE", `${what} has v = ${v}, expected 27 or 28`);
  if (r <= 0n || r >= N || s <= 0n || s >= N) throw new ConcordError("INVALID_SIGNATURE", `${what} has r or s out of range`);
  if (s > HALF_N) throw new ConcordError("INVALID_SIGNATURE", `${what} is malleable (s in the upper half)`);
  return { r, s, yParity };
}

/** True when (r, s, v) over `digest` is by `key`: R = (z·G + r·Q)/s has x = r and the parity v. */
function matches(key: Point, digest: Hex, { r, s, yParity }: Parsed): boolean {
  const w = invert(s, N);
  const z = BigInt(digest) % N;
  const u1 = (z * w) % N;
  const u2 = (r * w) % N;
  // multiply (not multiplyUnsafe): it uses the cached precomputes, and is exact.
  const sum = (u1 === 0n ? ProjectivePoint.ZERO : ProjectivePoint.BASE.multiply(u1)).add(key.multiply(u2));
  if (sum.equals(ProjectivePoint.ZERO)) return false;
  const R = sum.toAffine();
  return R.x === r && Number(R.y & 1n) === yParity;
}

/** The signer's key by recovery (the slow way); cached when it is `address`'s. */
function learn(address: string, digest: Hex, parsed: Parsed): Address {
  const key = new secp256k1.Signature(parsed.r, parsed.s).addRecoveryBit(parsed.yParity).recoverPublicKey(digest.slice(2));
  const signer = publicKeyToAddress(`0x${key.toHex(false)}`);
  if (signer.toLowerCase() === address) {
    // Affine (Z = 1) makes the precomputed table, and so every later check, cheaper.
    const known = ProjectivePoint.fromAffine(key.toAffine());
    known._setWindowSize(WINDOW);
    if (keys.size >= CACHE_LIMIT) keys.delete(keys.keys().next().value!);
    keys.set(address, known);
  }
  return signer;
}

/**
 * Checks that `signature` over `digest` is by `expected`; throws INVALID_SIGNATURE naming the
 * actual signer otherwise (the slow recovery runs only for a first sight or a failure; synchronous, so
 * nothing else runs between the check and the use of what it checked).
 */
export function verifyDigest(digest: Hex, signature: string | undefined, expected: Address, what = "signature"): void {
  const parsed = parse(signature, what);
  const address = expected.toLowerCase();
  const key = keys.get(address);
  if (key && matches(key, digest, parsed)) return;
  let signer: Address;
  try {
    signer = learn(address, digest, parsed);
  } catch (cause) {
    throw new ConcordError("INVALID_SIGNATURE", `${what} does not recover`, { cause });
  }
  if (signer.toLowerCase() !== address) {
    throw new ConcordError("INVALID_SIGNATURE", `${what} signed by ${signer}, expected ${expected}`);
  }
}

/** The header signature of an agent message: EIP-191 over keccak256 of the exact payload bytes. */
export function verifySignedPayload(data: Uint8Array, signature: string | undefined, expected: Address): void {
  return verifyDigest(hashMessage({ raw: keccak256(data) }), signature, expected, `${SIGNATURE_HEADER} header`);
}

/** An EIP-712 Ballot, as the Sessions contract will check it. */
export function verifyBallot(contract: SessionsContractRef, ballot: BallotMessage, signature: string, expected: Address): void {
  const digest = hashTypedData({ domain: sessionsDomain(contract.chainId, contract.address), types: ballotTypes, primaryType: "Ballot", message: ballot });
  return verifyDigest(digest, signature, expected, "ballot signature");
}

/** Forgets the cached keys (tests: to exercise the first-sight path again). */
export function forgetKnownSigners(): void {
  keys.clear();
}

// Fast secp256k1 over 32-byte digests: libsecp256k1, native where its prebuilt addon loads, else
// compiled to WASM (secp256k1-backend.ts); the WASM build alone signs ≈ 2.8× and checks ≈ 2.4×
// faster than viem and @noble in pure JS (bench:signatures), natively several times faster again,
// for the signatures of every round. Signatures
// are byte-identical to viem's (RFC 6979 without extra entropy, low s, v = 27 + recovery id), so
// the contract, viem and this module agree on every one (a property test holds them to it).
//
// Node only: the addon or the WASM is loaded from the file system at import. The dApp never imports this file
// (it is not in the protocol index; the SDK exports it as `@concord/agent-sdk/secp256k1`).
import { backends as secp256k1Backends, secp256k1Backend } from "./secp256k1-backend.ts";
import { bytesToHex, hashTypedData, hexToBytes, serializeTransaction, stringToBytes, toPrefixedMessage, type Address, type Hex, type Signature } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { ConcordError } from "./errors.ts";
import { hashRawMessage, hashRawMessageBytes, keccakBytes, keccakHex } from "./fast-keccak.ts";

export { hashRawMessage, keccakBytes, keccakHex, secp256k1Backend, secp256k1Backends };

/** n / 2 of secp256k1: an s above it is the malleable twin, which the contract's ECDSA refuses. */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** Signs a 32-byte digest: 65 bytes r ‖ s ‖ v as hex, v = 27 or 28, as viem's `sign`. */
export function signDigest(privateKey: Hex, digest: Hex): Hex {
  return signDigestBytes(hexToBytes(privateKey), hexToBytes(digest));
}

/** signDigest for a key and a digest held as bytes. */
function signDigestBytes(privateKey: Uint8Array, digest: Uint8Array): Hex {
  const { signature, recoveryId } = secp256k1Backend.sign(digest, privateKey);
  const out = new Uint8Array(65);
  out.set(signature);
  out[64] = 27 + recoveryId;
  return bytesToHex(out);
}

/** The same signature as viem's `sign` returns it by default: r, s, v and yParity apart. */
export function signDigestParts(privateKey: Hex, digest: Hex): Signature {
  const { signature, recoveryId } = secp256k1Backend.sign(hexToBytes(digest), hexToBytes(privateKey));
  return {
    r: bytesToHex(signature.subarray(0, 32)),
    s: bytesToHex(signature.subarray(32, 64)),
    v: recoveryId ? 28n : 27n,
    yParity: recoveryId,
  };
}

/** A signature split for checking; undefined when it is not 65 bytes with v in {0, 1, 27, 28}. */
export interface SplitSignature {
  compact: Uint8Array;
  recoveryId: 0 | 1;
  /** s > n/2: the malleable form that the contract (and so every check here) refuses. */
  highS: boolean;
}

export function splitSignature(signature: Hex): SplitSignature | undefined {
  const bytes = hexToBytes(signature);
  if (bytes.length !== 65) return undefined;
  const v = bytes[64]!;
  const recoveryId = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : undefined;
  if (recoveryId === undefined) return undefined;
  const s = BigInt(bytesToHex(bytes.subarray(32, 64)));
  return { compact: bytes.subarray(0, 64), recoveryId, highS: s > HALF_N };
}

/**
 * The address whose key made `compact` (r ‖ s) with `recoveryId` over `digest`, as ecrecover gives
 * it; undefined when nothing recovers (r or s out of range, no point with that x).
 */
export function recoverDigestAddress(digest: Hex, compact: Uint8Array, recoveryId: 0 | 1): Address | undefined {
  const lower = recoverLowerAddress(digest, compact, recoveryId);
  return lower && checksumAddress(lower);
}

/** As recoverDigestAddress, in lower case: what a check compares (no checksum to compute). */
function recoverLowerAddress(digest: Hex, compact: Uint8Array, recoveryId: 0 | 1): Hex | undefined {
  const key = secp256k1Backend.recover(hexToBytes(digest), compact, recoveryId);
  return key ? addressOfKey(key) : undefined;
}

/** The address of an uncompressed public key (0x04 ‖ x ‖ y), lower case. */
function addressOfKey(key: Uint8Array): Hex {
  return bytesToHex(keccakBytes(key.subarray(1)).subarray(12));
}

/** EIP-55 mixed case of a lower-case address, as viem's getAddress gives it. */
function checksumAddress(lower: Hex): Address {
  const hex = lower.slice(2);
  const hash = keccakBytes(stringToBytes(hex));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = i % 2 === 0 ? hash[i >> 1]! >> 4 : hash[i >> 1]! & 0x0f;
    out += nibble >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  }
  return out as Address;
}

/**
 * The signer of `signature` (65 bytes as 0x-hex, v 27/28 or 0/1) over `digest`, as ecrecover gives
 * it; throws INVALID_SIGNATURE, naming the problem, for a malformed, high-s or unrecoverable one.
 */
export function recoverSigner(digest: Hex, signature: string | undefined, what = "signature"): Address {
  return checksumAddress(recoverSignerLower(digest, signature, what));
}

/**
 * Checks that `signature` over `digest` is by `expected`; throws INVALID_SIGNATURE as
 * recoverSigner does, or naming the actual signer. The checksum is only computed for that message.
 */
export function assertSignedBy(digest: Hex, signature: string | undefined, expected: Address, what = "signature"): void {
  const signer = recoverSignerLower(digest, signature, what);
  if (signer !== expected.toLowerCase()) {
    throw new ConcordError("INVALID_SIGNATURE", `${what} signed by ${checksumAddress(signer)}, expected ${expected}`);
  }
}

function recoverSignerLower(digest: Hex, signature: string | undefined, what: string): Hex {
  if (!signature || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new ConcordError("INVALID_SIGNATURE", `missing or malformed ${what}: expected 65 bytes as 0x-hex`);
  }
  const split = splitSignature(signature as Hex);
  if (!split) {
    throw new ConcordError("INVALID_SIGNATURE", `${what} has v = ${Number.parseInt(signature.slice(130), 16)}, expected 27 or 28`);
  }
  if (split.highS) throw new ConcordError("INVALID_SIGNATURE", `${what} is malleable (s in the upper half)`);
  const signer = recoverLowerAddress(digest, split.compact, split.recoveryId);
  if (!signer) throw new ConcordError("INVALID_SIGNATURE", `${what} does not recover (r or s out of range, or no such point)`);
  return signer;
}

/**
 * viem's private-key account with its signing (`sign`, `signMessage`, `signTypedData`,
 * `signTransaction`) done here: hashed and serialized by viem, then signed with the WASM library.
 * Anything that takes a viem account takes it, and an account made by viem alone still works
 * everywhere (only slower): the orchestrator signs every transaction it sends with it.
 */
export function fastAccount(privateKey: Hex): PrivateKeyAccount {
  const account = privateKeyToAccount(privateKey);
  // The same key must give the same address by both libraries; a mismatch would be a build fault.
  const ownKey = secp256k1Backend.publicKey(hexToBytes(privateKey));
  if (!ownKey || checksumAddress(addressOfKey(ownKey)) !== account.address) {
    throw new Error(`secp256k1 (${secp256k1Backend.name}) and viem disagree on the key's address`);
  }
  const keyBytes = hexToBytes(privateKey);
  return {
    ...account,
    sign: async ({ hash }) => signDigestBytes(keyBytes, hexToBytes(hash)),
    // EIP-191 as viem's hashMessage, with the keccak in WASM; raw bytes (every signed NATS
    // payload's digest) are hashed as they are, with no hex on the way.
    signMessage: async ({ message }) =>
      typeof message === "object" && message.raw instanceof Uint8Array
        ? signDigestBytes(keyBytes, hashRawMessageBytes(message.raw))
        : signDigestBytes(keyBytes, keccakBytes(hexToBytes(toPrefixedMessage(message)))),
    signTypedData: async (typedData) => signDigest(privateKey, hashTypedData(typedData)),
    // As viem's signTransaction: the digest of the unsigned serialization (an EIP-4844 one without
    // its sidecars), then the transaction serialized with the signature.
    signTransaction: async (transaction, { serializer = serializeTransaction } = {}) => {
      const signable = transaction.type === "eip4844" ? { ...transaction, sidecars: false } : transaction;
      const signature = signDigestParts(privateKey, keccakHex(await serializer(signable)));
      return serializer(transaction, signature);
    },
  };
}

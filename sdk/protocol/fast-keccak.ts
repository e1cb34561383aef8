// keccak256 in WASM (hash-wasm): about ten times faster than viem's pure-JS keccak on a round's
// messages (a payload of a kilobyte, a 64-byte public key, a 28-byte EIP-191 prefix), and every
// signed message is hashed at least twice (the payload, then its EIP-191 digest). Node only, as
// secp256k1.ts (which exports it): the WASM is instantiated at import, with a top-level await.
import { createKeccak } from "hash-wasm";
import { bytesToHex, hexToBytes, stringToBytes, type Hex } from "viem";

const hasher = await createKeccak(256);

/** keccak256 of `data`, as 32 bytes. */
export function keccakBytes(data: Uint8Array): Uint8Array {
  // Synchronous from init to digest: no other hash can interleave on the shared state.
  hasher.init();
  hasher.update(data);
  return hasher.digest("binary");
}

/** keccak256 of bytes or of 0x-hex (read as bytes), as 0x-hex: viem's `keccak256(value)`. */
export function keccakHex(data: Uint8Array | Hex): Hex {
  return bytesToHex(keccakBytes(typeof data === "string" ? hexToBytes(data) : data));
}

const PREFIX = stringToBytes("\x19Ethereum Signed Message:\n");

/** EIP-191 (version 0x45) digest of raw bytes: viem's `hashMessage({ raw })`. */
export function hashRawMessage(raw: Uint8Array): Hex {
  return bytesToHex(hashRawMessageBytes(raw));
}

/** hashRawMessage as 32 bytes, for a signer that takes bytes: no hex on the way. */
export function hashRawMessageBytes(raw: Uint8Array): Uint8Array {
  // Synchronous from init to digest, as keccakBytes: the prefix, the length and the bytes fed in turn.
  hasher.init();
  hasher.update(PREFIX);
  hasher.update(stringToBytes(String(raw.length)));
  hasher.update(raw);
  return hasher.digest("binary");
}

// Where secp256k1 runs: libsecp256k1 as a native Node addon (the `secp256k1` package, whose npm
// tarball ships prebuilt binaries, linux-x64 among them; nothing is compiled or downloaded at
// install) when it loads, else the same library compiled to WASM (tiny-secp256k1). Both are
// libsecp256k1, so they sign and recover alike, byte for byte; natively a recovery costs about a
// sixth and a signature about a third of the WASM one here. The package's pure-JS fallback
// (elliptic) is never used: only its native binding is loaded.
import * as wasm from "tiny-secp256k1";
import { hexToBytes } from "viem";


export interface Secp256k1Backend {
  readonly name: "native" | "wasm";
  /** A low-s signature of a 32-byte digest (RFC 6979), r ‖ s and the recovery id. */
  sign(digest: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recoveryId: 0 | 1 };
  /** The uncompressed public key (0x04 ‖ x ‖ y) that made the signature, or null if none did. */
  recover(digest: Uint8Array, compact: Uint8Array, recoveryId: 0 | 1): Uint8Array | null;
  /** The uncompressed public key of a private key. */
  publicKey(privateKey: Uint8Array): Uint8Array | null;
}

/** The native binding's part this module uses (secp256k1/lib/index.js; the package ships no types). */
interface NativeSecp256k1 {
  ecdsaSign(msg32: Uint8Array, seckey: Uint8Array): { signature: Uint8Array; recid: number };
  ecdsaRecover(signature: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
  publicKeyCreate(seckey: Uint8Array, compressed: boolean): Uint8Array;
}

const BINDING: string = "secp256k1/bindings.js";
// The binding throws at load where no binary fits this platform: then the WASM build serves.
const native = await import(BINDING).then((m: { default: NativeSecp256k1 }) => m.default, () => undefined);

function nativeBackend(): Secp256k1Backend | undefined {
  if (!native) return undefined;
  return {
    name: "native",
    sign(digest, privateKey) {
      const { signature, recid } = native.ecdsaSign(reduced(digest), privateKey);
      return { signature, recoveryId: recid as 0 | 1 };
    },
    recover(digest, compact, recoveryId) {
      try {
        return native.ecdsaRecover(compact, recoveryId, digest, false);
      } catch {
        return null; // r or s zero or ≥ n, or no point with that x
      }
    },
    publicKey: (privateKey) => native.publicKeyCreate(privateKey, false),
  };
}

/** The order n of the curve, big-endian. */
const ORDER = hexToBytes("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

/**
 * The digest mod n. The signature is over z mod n either way, but the addon derives its RFC 6979
 * nonce from the bytes as given, where viem (and the WASM build) take them mod n: for a digest ≥ n
 * (about one in 2^128) the two would sign differently. Reduced first, they sign alike.
 */
function reduced(digest: Uint8Array): Uint8Array {
  let i = 0;
  while (i < 32 && digest[i] === ORDER[i]) i++;
  if (i < 32 && digest[i]! < ORDER[i]!) return digest;
  // digest ≥ n, and < 2n since 2^256 < 2n: one subtraction.
  const out = new Uint8Array(32);
  let borrow = 0;
  for (let k = 31; k >= 0; k--) {
    const v = digest[k]! - ORDER[k]! - borrow;
    borrow = v < 0 ? 1 : 0;
    out[k] = (v + 256) & 0xff;
  }
  return out;
}

const wasmBackend: Secp256k1Backend = {
  name: "wasm",
  sign(digest, privateKey) {
    const { signature, recoveryId } = wasm.signRecoverable(digest, privateKey);
    // libsecp256k1 only returns low-s signatures, so the recovery id is 0 or 1.
    return { signature, recoveryId: recoveryId as 0 | 1 };
  },
  recover(digest, compact, recoveryId) {
    try {
      return wasm.recover(digest, compact, recoveryId, false);
    } catch {
      return null; // r or s zero or ≥ n: tiny-secp256k1 throws on them
    }
  },
  publicKey: (privateKey) => wasm.pointFromScalar(privateKey, false),
};

/** Both, for tests that hold them to each other. */
export const backends = { native: nativeBackend(), wasm: wasmBackend };

/** The one in use: native when it loads. */
export const secp256k1Backend: Secp256k1Backend = backends.native ?? wasmBackend;

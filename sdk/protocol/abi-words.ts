// ABI words written straight into a byte array: the protocol's hashes (proposal, ballot) are
// computed on every message of a round, by agents and the orchestrator, and viem's generic
// number and hex conversions cost more than the hashing. Each writer refuses what viem's encoder
// refuses (a value out of its type's range); the tests hold the results equal to viem's.
import { ConcordError } from "./errors.ts";

export const WORD = 32;
const UINT256_LIMIT = 1n << 256n;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/** A uint256, big-endian in its word (the array is zeroed: only the value's bytes are written). */
export function writeUint256(out: Uint8Array, at: number, value: bigint): void {
  if (value < 0n || value >= UINT256_LIMIT) throw new ConcordError("INVALID_MESSAGE", `${value} is not a uint256`);
  for (let i = at + WORD - 1; value > 0n; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

/** A uint32, big-endian in the last 4 bytes of its word. */
export function writeUint32(out: Uint8Array, at: number, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new ConcordError("INVALID_MESSAGE", `${value} is not a uint32`);
  new DataView(out.buffer, out.byteOffset + at + WORD - 4, 4).setUint32(0, value);
}

/** A bytes32 given as 0x-hex (checked), into its word. */
export function writeHexWord(out: Uint8Array, at: number, hex: string): void {
  if (!BYTES32.test(hex)) throw new ConcordError("INVALID_MESSAGE", `${hex} is not a bytes32`);
  writeHexBytes(out, at, hex);
}

/** The bytes of checked 0x-hex of even length, from `at`. */
export function writeHexBytes(out: Uint8Array, at: number, hex: string): void {
  for (let i = 0; 2 * i + 2 < hex.length; i++) out[at + i] = (nibble(hex.charCodeAt(2 + 2 * i)) << 4) | nibble(hex.charCodeAt(3 + 2 * i));
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  return (code | 32) - 87; // a-f, A-F (the caller checked the string)
}

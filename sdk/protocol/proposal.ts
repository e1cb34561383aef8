// The proposal hash: binds session, round, a random salt and the content, and nothing about the author.
import { stringToBytes, type Hex } from "viem";
import { type Keccak, viemKeccak } from "./keccak.ts";
import { ConcordError } from "./errors.ts";
import type { ProposalBody } from "./schemas.ts";

/**
 * keccak256(abi.encode(uint256 sessionId, uint32 round, bytes32 salt, string thoughtProcess,
 * string solution)). The encoding is written out here rather than by viem's generic encoder, which
 * cost as much as the hash on a round's hot path (every proposal is hashed by its author, by every
 * evaluator that is shown it and by the orchestrator); a test holds the two equal.
 */
export function proposalHash(sessionId: bigint, round: number, salt: Hex, body: ProposalBody, keccak: Keccak = viemKeccak): Hex {
  return keccak(encodeProposal(sessionId, round, salt, body));
}

const WORD = 32;
const padded = (length: number) => Math.ceil(length / WORD) * WORD;

/** abi.encode of the proposal's fields; throws where viem's encoder would (a value out of its type). */
export function encodeProposal(sessionId: bigint, round: number, salt: Hex, body: ProposalBody): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt)) throw new ConcordError("INVALID_MESSAGE", `salt ${salt} is not a bytes32`);
  const thought = stringToBytes(body.thoughtProcess);
  const solution = stringToBytes(body.solution);
  const thoughtAt = 5 * WORD;
  const solutionAt = thoughtAt + WORD + padded(thought.length);
  const out = new Uint8Array(solutionAt + WORD + padded(solution.length));
  writeUint256(out, 0, sessionId);
  if (!Number.isInteger(round) || round < 0 || round > 0xffff_ffff) throw new ConcordError("INVALID_MESSAGE", `round ${round} is not a uint32`);
  writeLength(out, WORD, round);
  writeHexWord(out, 2 * WORD, salt);
  writeLength(out, 3 * WORD, thoughtAt);
  writeLength(out, 4 * WORD, solutionAt);
  writeLength(out, thoughtAt, thought.length);
  out.set(thought, thoughtAt + WORD);
  writeLength(out, solutionAt, solution.length);
  out.set(solution, solutionAt + WORD);
  return out;
}

const UINT256_LIMIT = 1n << 256n;

/** A uint256, big-endian in its word (the out array is zeroed: only the value's bytes are written). */
function writeUint256(out: Uint8Array, at: number, value: bigint): void {
  if (value < 0n || value >= UINT256_LIMIT) throw new ConcordError("INVALID_MESSAGE", `${value} is not a uint256`);
  for (let i = at + WORD - 1; value > 0n; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

/** The 32 bytes of a checked bytes32 hex string, without viem's generic conversions (a hot path). */
function writeHexWord(out: Uint8Array, at: number, hex: string): void {
  for (let i = 0; i < WORD; i++) out[at + i] = (nibble(hex.charCodeAt(2 + 2 * i)) << 4) | nibble(hex.charCodeAt(3 + 2 * i));
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  return (code | 32) - 87; // a-f, A-F (the caller checked the string)
}

/** A length or an offset, big-endian in the last 4 bytes of its word (a message is far below 2^32 bytes). */
function writeLength(out: Uint8Array, at: number, value: number): void {
  new DataView(out.buffer, out.byteOffset + at + WORD - 4, 4).setUint32(0, value);
}

/** Labels by position: A … Z, then AA, AB … (prefix_A). */
function positionLabel(prefix: string, position: number): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const name = position < 26 ? letters[position]! : letters[Math.floor(position / 26) - 1]! + letters[position % 26]!;
  return `${prefix}_${name}`;
}

/** Masked candidate labels, in offer order: Candidate_A, Candidate_B, … */
export const maskLabelAt = (position: number) => positionLabel("Candidate", position);

/** Peer labels in feedback, in a recipient's own random order: Peer_A, Peer_B, … */
export const peerLabelAt = (position: number) => positionLabel("Peer", position);

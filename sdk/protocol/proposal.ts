// The proposal hash: binds session, round, a random salt and the content, and nothing about the author.
import { stringToBytes, type Hex } from "viem";
import { type Keccak, viemKeccak } from "./keccak.ts";
import { ConcordError } from "./errors.ts";
import { WORD, writeHexWord, writeUint256, writeUint32 } from "./abi-words.ts";
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
  writeUint32(out, WORD, round);
  writeHexWord(out, 2 * WORD, salt);
  writeUint32(out, 3 * WORD, thoughtAt);
  writeUint32(out, 4 * WORD, solutionAt);
  writeUint32(out, thoughtAt, thought.length);
  out.set(thought, thoughtAt + WORD);
  writeUint32(out, solutionAt, solution.length);
  out.set(solution, solutionAt + WORD);
  return out;
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

// The proposal hash: binds session, round, a random salt and the content, and nothing about the author.
import { encodeAbiParameters, keccak256, type Hex } from "viem";
import type { ProposalBody } from "./schemas.ts";

export function proposalHash(sessionId: bigint, round: number, salt: Hex, body: ProposalBody): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint256" }, { type: "uint32" }, { type: "bytes32" }, { type: "string" }, { type: "string" }],
      [sessionId, round, salt, body.thoughtProcess, body.solution],
    ),
  );
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

// The packed ballot: one int8 vote per proposal, ordered by proposal hash ascending.
import { type Hex, bytesToHex, concat, hexToBytes } from "viem";
import { ConcordError } from "./errors.ts";
import { type Keccak, viemKeccak } from "./keccak.ts";

/** Indices of `hashes` in ascending order of the hash (as a 256-bit number). */
export function sortedProposalOrder(hashes: readonly Hex[]): number[] {
  // 32-byte hashes as lower-case hex of one length order as their numbers do, without a BigInt each.
  return hashes
    .map((hash, index) => ({ value: sortKey(hash), index }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .map((entry) => entry.index);
}

function sortKey(hash: Hex): string {
  return hash.length === 66 ? hash.toLowerCase() : `0x${BigInt(hash).toString(16).padStart(64, "0")}`;
}

/**
 * The hash a ballot signs of its round's proposals: keccak256 of the present proposal hashes in
 * ascending order, concatenated (abi.encodePacked of a bytes32 list), as Sessions.recordRound
 * computes it from the recorded entries.
 */
export function roundProposalsHash(hashes: readonly Hex[], keccak: Keccak = viemKeccak): Hex {
  return keccak(concat(sortedProposalOrder(hashes).map((i) => hashes[i]!)));
}

/** Packs votes (already in sorted-hash order) as two's-complement int8 bytes. */
export function encodeBallotVotes(votes: readonly number[]): Hex {
  const bytes = new Uint8Array(votes.length);
  votes.forEach((vote, i) => {
    if (!Number.isInteger(vote) || vote < -128 || vote > 127) {
      throw new ConcordError("BALLOT_VOTE_OUT_OF_RANGE", `vote ${vote} at position ${i} is not an int8`);
    }
    bytes[i] = vote & 0xff;
  });
  return bytesToHex(bytes);
}

export function decodeBallotVotes(packed: Hex): number[] {
  return Array.from(hexToBytes(packed), (byte) => (byte > 127 ? byte - 256 : byte));
}

/**
 * Builds the packed ballot from votes keyed by proposal hash. Proposals without a vote
 * (the evaluator's own, or ones it was not offered) get 0.
 */
export function packBallot(roundHashes: readonly Hex[], votesByHash: ReadonlyMap<Hex, number>): Hex {
  const order = sortedProposalOrder(roundHashes);
  return encodeBallotVotes(order.map((i) => votesByHash.get(roundHashes[i]!) ?? 0));
}

/** Inverse of packBallot: the vote each proposal (by index in `roundHashes`) received. */
export function unpackBallot(roundHashes: readonly Hex[], packed: Hex): number[] {
  const sorted = decodeBallotVotes(packed);
  if (sorted.length !== roundHashes.length) {
    throw new ConcordError(
      "BALLOT_LENGTH_MISMATCH",
      `ballot has ${sorted.length} votes for ${roundHashes.length} proposals`,
    );
  }
  const byIndex = new Array<number>(roundHashes.length).fill(0);
  sortedProposalOrder(roundHashes).forEach((proposalIndex, position) => {
    byIndex[proposalIndex] = sorted[position]!;
  });
  return byIndex;
}

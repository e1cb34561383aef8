// The hashes and signatures of docs/protocol.md ("Signatures", "A round"), from viem's primitives.
import { concat, encodeAbiParameters, keccak256, padHex, type Address, type Hex, type LocalAccount } from "viem";

/** The `Concord-Signature` header: EIP-191 over the raw 32-byte keccak256 of the payload bytes. */
export function signPayload(account: LocalAccount, payload: Uint8Array): Promise<Hex> {
  return account.signMessage({ message: { raw: keccak256(payload) } });
}

export function proposalHash(sessionId: string, round: number, salt: Hex, thoughtProcess: string, solution: string): Hex {
  return keccak256(encodeAbiParameters(
    [{ type: "uint256" }, { type: "uint32" }, { type: "bytes32" }, { type: "string" }, { type: "string" }],
    [BigInt(sessionId), round, salt, thoughtProcess, solution],
  ));
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) [x, y] = [y, (y + n / y) / 2n];
  return x;
}

/** v = sign(w)·isqrt(⌊|w|·credits / Σ|w|⌋); all zero when every endorsement is. */
export function quadraticVotes(endorsements: readonly number[], credits: number): number[] {
  const total = endorsements.reduce((sum, w) => sum + BigInt(Math.abs(w)), 0n);
  if (total === 0n) return endorsements.map(() => 0);
  return endorsements.map((w) => Math.sign(w) * Number(isqrt((BigInt(Math.abs(w)) * BigInt(credits)) / total)));
}

export function ascendingHashes(hashes: readonly Hex[]): Hex[] {
  return [...hashes].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/** One int8 (two's complement) per proposal, in ascending hash order; 0 for any hash without a vote. */
export function packVotes(hashes: readonly Hex[], votes: ReadonlyMap<Hex, number>): Hex {
  const bytes = ascendingHashes(hashes).map((h) => (votes.get(h) ?? 0) & 0xff);
  return `0x${bytes.map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export interface Ballot {
  sessionId: string;
  round: number;
  ownHash: Hex;
  /** Every proposal the ballot covers, the signer's own included, any order. */
  hashes: readonly Hex[];
  votes: Hex;
}

export function signBallot(account: LocalAccount, chainId: number, sessions: Address, ballot: Ballot): Promise<Hex> {
  return account.signTypedData({
    domain: { name: "Concord Sessions", version: "1", chainId, verifyingContract: sessions },
    types: {
      Ballot: [
        { name: "sessionId", type: "uint256" }, { name: "round", type: "uint32" }, { name: "proposalHash", type: "bytes32" },
        { name: "proposalsHash", type: "bytes32" }, { name: "votes", type: "bytes32" },
      ],
    },
    primaryType: "Ballot",
    message: {
      sessionId: BigInt(ballot.sessionId), round: ballot.round, proposalHash: ballot.ownHash,
      // The packed votes left-aligned in one word, zero after (docs/protocol.md, "A round").
      proposalsHash: keccak256(concat(ascendingHashes(ballot.hashes))), votes: padHex(ballot.votes, { dir: "right", size: 32 }),
    },
  });
}

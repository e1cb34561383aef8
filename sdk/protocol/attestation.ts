// Signing and checking one agent's round attestation (EIP-712 Ballot).
import { concat, domainSeparator, keccak256, numberToHex, padHex, recoverTypedDataAddress, stringToHex, type Address, type Hex, type LocalAccount } from "viem";
import { ConcordError } from "./errors.ts";
import { type Keccak, viemKeccak } from "./keccak.ts";
import { BALLOT_TYPE_STRING, ballotTypes, ballotVotesWord, sessionsDomain } from "./eip712.ts";

export interface BallotMessage {
  sessionId: bigint;
  round: number;
  /** The signer's own proposal's hash. */
  proposalHash: Hex;
  /** `roundProposalsHash` of every present proposal of the round, the signer's own included. */
  proposalsHash: Hex;
  /** The packed votes (`packBallot`), in the same ascending-hash order. */
  votes: Hex;
}

export interface SessionsContractRef {
  chainId: number;
  address: Address;
}

/** The EIP-712 typed data of a ballot: what is signed, recovered and hashed, everywhere. */
export function ballotTypedData(contract: SessionsContractRef, ballot: BallotMessage) {
  return {
    domain: sessionsDomain(contract.chainId, contract.address),
    types: ballotTypes,
    primaryType: "Ballot",
    message: { ...ballot, votes: ballotVotesWord(ballot.votes) },
  } as const;
}

const WORD = /^0x[0-9a-fA-F]{64}$/;
const BALLOT_TYPEHASH = keccak256(stringToHex(BALLOT_TYPE_STRING));
/** Domain separators by chain and contract: the same few for a process's whole life. */
const domainSeparators = new Map<string, Hex>();

/**
 * hashTypedData(ballotTypedData(contract, ballot)), computed directly: the domain separator is
 * kept per contract and the type hash is a constant, so a ballot costs three keccaks of a few
 * words instead of viem's generic walk over the types (≈ 5× less; a test holds them equal).
 */
export function ballotDigest(contract: SessionsContractRef, ballot: BallotMessage, keccak: Keccak = viemKeccak): Hex {
  const key = `${contract.chainId}:${contract.address.toLowerCase()}`;
  let separator = domainSeparators.get(key);
  if (separator === undefined) {
    separator = domainSeparator({ domain: sessionsDomain(contract.chainId, contract.address) });
    domainSeparators.set(key, separator);
  }
  // What viem's validateTypedData refuses is refused here too: a field out of its type's range.
  for (const hash of [ballot.proposalHash, ballot.proposalsHash]) {
    if (!WORD.test(hash)) throw new ConcordError("INVALID_MESSAGE", `ballot field ${hash} is not a bytes32`);
  }
  const structHash = keccak(concat([
    BALLOT_TYPEHASH,
    numberToHex(ballot.sessionId, { size: 32 }), // throws outside uint256
    padHex(numberToHex(ballot.round, { size: 4 })), // throws outside uint32
    ballot.proposalHash,
    ballot.proposalsHash,
    ballotVotesWord(ballot.votes), // throws beyond 32 bytes
  ]));
  return keccak(concat(["0x1901", separator, structHash]));
}

/**
 * The ballot's EIP-712 signature. An account that signs digests (every local viem account) signs
 * ballotDigest; the signature is the same as signTypedData's, which any other account uses.
 */
export function signBallot(account: LocalAccount, contract: SessionsContractRef, ballot: BallotMessage, keccak?: Keccak): Promise<Hex> {
  if (account.sign) return account.sign({ hash: ballotDigest(contract, ballot, keccak) });
  return account.signTypedData(ballotTypedData(contract, ballot));
}

export function recoverBallotSigner(contract: SessionsContractRef, ballot: BallotMessage, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({ ...ballotTypedData(contract, ballot), signature });
}

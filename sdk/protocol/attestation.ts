// Signing and checking one agent's round attestation (EIP-712 Ballot).
import { domainSeparator, keccak256, recoverTypedDataAddress, stringToHex, type Address, type Hex, type LocalAccount } from "viem";
import { WORD, writeHexBytes, writeHexWord, writeUint256, writeUint32 } from "./abi-words.ts";
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

const BALLOT_TYPEHASH = keccak256(stringToHex(BALLOT_TYPE_STRING));
/** Domain separators by chain and contract: the same few for a process's whole life. */
const domainSeparators = new Map<string, Hex>();

/**
 * hashTypedData(ballotTypedData(contract, ballot)), computed directly: the domain separator is
 * kept per contract, the type hash is a constant and the struct's six words are written straight
 * into bytes (abi-words.ts), so a ballot costs two keccaks instead of viem's generic walk over the
 * types (a test holds them equal, and equally strict).
 */
export function ballotDigest(contract: SessionsContractRef, ballot: BallotMessage, keccak: Keccak = viemKeccak): Hex {
  const key = `${contract.chainId}:${contract.address.toLowerCase()}`;
  let separator = domainSeparators.get(key);
  if (separator === undefined) {
    separator = domainSeparator({ domain: sessionsDomain(contract.chainId, contract.address) });
    domainSeparators.set(key, separator);
  }
  // What viem's validateTypedData refuses is refused here too: a field out of its type's range.
  const struct = new Uint8Array(6 * WORD);
  writeHexBytes(struct, 0, BALLOT_TYPEHASH);
  writeUint256(struct, WORD, ballot.sessionId);
  writeUint32(struct, 2 * WORD, ballot.round);
  writeHexWord(struct, 3 * WORD, ballot.proposalHash);
  writeHexWord(struct, 4 * WORD, ballot.proposalsHash);
  writeHexWord(struct, 5 * WORD, ballotVotesWord(ballot.votes)); // throws beyond 32 bytes
  const digest = new Uint8Array(2 + 2 * WORD);
  digest[0] = 0x19;
  digest[1] = 0x01;
  writeHexBytes(digest, 2, separator);
  writeHexBytes(digest, 2 + WORD, keccak(struct));
  return keccak(digest);
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

// EIP-712 typed data for a round attestation and a session decline, declared once. The Sessions
// contract's BALLOT_TYPEHASH is checked against this declaration by a test.
import { padHex, type Address, type Hex, type TypedDataDomain } from "viem";

export const SESSIONS_EIP712_NAME = "Concord Sessions";
export const SESSIONS_EIP712_VERSION = "1";

/**
 * One agent's attestation for one round: its own proposal's hash, the hash of the round's list of
 * present proposal hashes (`roundProposalsHash`: keccak256 of them sorted ascending, concatenated),
 * and its ballot, packed as one int8 vote per proposal in that order (an order that reveals no
 * author), left-aligned in one 32-byte word whose other bytes are zero (`ballotVotesWord`: a round
 * has at most 10 proposals, so the contract reads the word instead of hashing the bytes). The
 * evaluator's own slot must be 0. Signing the list binds each vote to the proposal it was cast
 * for: the ballot cannot be recorded against any other set of proposals.
 */
export const ballotTypes = {
  Ballot: [
    { name: "sessionId", type: "uint256" },
    { name: "round", type: "uint32" },
    { name: "proposalHash", type: "bytes32" },
    { name: "proposalsHash", type: "bytes32" },
    { name: "votes", type: "bytes32" },
  ],
} as const;

export const BALLOT_TYPE_STRING =
  "Ballot(uint256 sessionId,uint32 round,bytes32 proposalHash,bytes32 proposalsHash,bytes32 votes)";

/**
 * An agent's refusal of a whole session: it will not work on it (it refused the task, or its model
 * cannot answer). Sessions.failSession counts these, each checked against the agent's key
 * snapshotted for the session; the domain binds the chain and the Sessions contract, the id the
 * session. No nonce: a session is refused once. Checked against the contract by a test that has it
 * accept a decline signed with these types.
 */
export const declineTypes = {
  Decline: [{ name: "sessionId", type: "uint256" }],
} as const;

/** A packed ballot (`packBallot`, one byte per proposal) as the Ballot's `votes` word: left-aligned, zero after. */
export function ballotVotesWord(votes: Hex): Hex {
  return padHex(votes, { dir: "right", size: 32 });
}

export const DECLINE_TYPE_STRING = "Decline(uint256 sessionId)";

export function sessionsDomain(chainId: number, verifyingContract: Address): TypedDataDomain {
  return {
    name: SESSIONS_EIP712_NAME,
    version: SESSIONS_EIP712_VERSION,
    chainId,
    verifyingContract,
  };
}

export const REGISTRY_EIP712_NAME = "Concord AgentRegistry";
export const REGISTRY_EIP712_VERSION = "1";

/**
 * A signing key's consent to be bound to an agent of `operator` with model `modelId`: the
 * AgentRegistry requires it on registration and on a key rotation, so nobody binds a key they do
 * not hold. A key is bound once ever, so the signature needs no nonce; the domain binds the chain
 * and the registry. The AgentRegistry's AGENT_KEY_TYPEHASH is checked against it by a test.
 */
export const agentKeyTypes = {
  AgentKey: [
    { name: "operator", type: "address" },
    { name: "signer", type: "address" },
    { name: "modelId", type: "string" },
  ],
} as const;

export const AGENT_KEY_TYPE_STRING = "AgentKey(address operator,address signer,string modelId)";

export function registryDomain(chainId: number, verifyingContract: Address): TypedDataDomain {
  return {
    name: REGISTRY_EIP712_NAME,
    version: REGISTRY_EIP712_VERSION,
    chainId,
    verifyingContract,
  };
}

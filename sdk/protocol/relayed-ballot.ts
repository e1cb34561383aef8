// A relayed ballot (schemas.ts `relayedBallot`) checked against the session's snapshotted signers:
// what a relayer does to every one before it counts it, so one bad message never poisons a round.
import { hashMessage, keccak256, type Address, type Hex } from "viem";
import { ballotDigest, type SessionsContractRef } from "./attestation.ts";
import { roundProposalsHash } from "./ballot.ts";
import { ConcordError } from "./errors.ts";
import { type RecoverSigner, SIGNATURE_HEADER, viemRecoverSigner } from "./message-signature.ts";
import { decodeMessage, relayedBallot, type RelayedBallot } from "./schemas.ts";
import type { RoundAttestation } from "./round-packing.ts";

/** What the relayer knows of the session: its id and each agent's snapshotted signer (Sessions.getSigners). */
export interface RelaySession {
  sessionId: bigint;
  /** In agent order. */
  signers: readonly Address[];
}

/** A ballot that passed every check: a ready entry of a packed round. */
export interface CheckedBallot {
  round: number;
  phase: RelayedBallot["phase"];
  /** `roundProposalsHash` of the list the ballot was cast over: ballots that share it form one round. */
  proposalsHash: Hex;
  proposalCount: number;
  attestation: RoundAttestation;
}

/**
 * Decodes a relayed ballot and checks it: the schema (shape, hashes ascending, one vote per
 * proposal), the session, the EIP-712 signature recovering to the snapshotted signer of the
 * agent it names (or, when it names none, to one of the session's signers, which gives its index),
 * and the message signature (`payloadSignature`, the NATS header) by that same signer.
 * Throws a ConcordError whose message is the reason it was refused. `recover` finds each signer
 * (viem's by default; the relayer passes the WASM one).
 */
export async function checkRelayedBallot(
  data: Uint8Array,
  payloadSignature: string | undefined,
  session: RelaySession,
  contract: SessionsContractRef,
  recover: RecoverSigner = viemRecoverSigner,
): Promise<CheckedBallot> {
  const ballot = decodeMessage(relayedBallot, data);
  if (BigInt(ballot.sessionId) !== session.sessionId) {
    throw new ConcordError("RELAY_REFUSED", `a ballot of session ${ballot.sessionId}, not ${session.sessionId}`);
  }
  if (ballot.proposalHashes.length > session.signers.length) {
    throw new ConcordError("BALLOT_LENGTH_MISMATCH", `${ballot.proposalHashes.length} proposals in a session of ${session.signers.length} agents`);
  }
  const proposalsHash = roundProposalsHash(ballot.proposalHashes);
  const digest = ballotDigest(contract, {
    sessionId: session.sessionId, round: ballot.round, proposalHash: ballot.proposalHash, proposalsHash, votes: ballot.votes,
  });
  const signer = await recover(digest, ballot.signature, "the ballot signature");
  const agentIndex = ballot.agentIndex ?? session.signers.findIndex((s) => same(s, signer));
  const expected = session.signers[agentIndex];
  if (expected === undefined) {
    throw new ConcordError("INVALID_SIGNATURE", `ballot signed by ${signer}, who is none of session ${session.sessionId}'s signers`);
  }
  if (!same(expected, signer)) {
    throw new ConcordError("INVALID_SIGNATURE", `ballot signed by ${signer}, but agent ${agentIndex}'s snapshotted signer is ${expected}`);
  }
  const sender = await recover(hashMessage({ raw: keccak256(data) }), payloadSignature, `the ${SIGNATURE_HEADER} header`);
  if (!same(sender, signer)) {
    throw new ConcordError("INVALID_SIGNATURE", `message sent by ${sender}, but its ballot is signed by ${signer}`);
  }
  return {
    round: ballot.round, phase: ballot.phase, proposalsHash, proposalCount: ballot.proposalHashes.length,
    attestation: { agentIndex, proposalHash: ballot.proposalHash, votes: ballot.votes, signature: ballot.signature },
  };
}

function same(a: Address, b: Address): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

// Checks secp256k1 signatures by signers whose address the orchestrator already knows (the
// panel's, read from the chain). Each check recovers the signer with libsecp256k1 (native, else
// WASM: ≈ 8× and ≈ 2.7× faster than the pure-JS check against a cached key that they replaced;
// bench:signatures) and compares addresses in lower case, so
// a signature passes exactly when ecrecover, and so the contract, would give the expected address.
// High-s signatures, which the contract's ECDSA refuses, are refused here too.
import { hashTypedData, type Address, type Hex } from "viem";
import { assertSignedBy, hashRawMessage, keccakBytes, keccakHex, recoverSigner } from "@concord/agent-sdk/secp256k1";
import {
  type BallotMessage, ballotDigest, declineTypes, type SessionsContractRef, sessionsDomain, SIGNATURE_HEADER,
} from "@concord/agent-sdk/protocol";

/**
 * Checks that `signature` over `digest` is by `expected`; throws INVALID_SIGNATURE naming the
 * actual signer otherwise (synchronous, so nothing else runs between the check and the use of what
 * it checked).
 */
export function verifyDigest(digest: Hex, signature: string | undefined, expected: Address, what = "signature"): void {
  assertSignedBy(digest, signature, expected, what);
}

/** The header signature of an agent message: EIP-191 over keccak256 of the exact payload bytes. */
export function verifySignedPayload(data: Uint8Array, signature: string | undefined, expected: Address): void {
  return verifyDigest(hashRawMessage(keccakBytes(data)), signature, expected, `${SIGNATURE_HEADER} header`);
}

/** An EIP-712 Ballot, as the Sessions contract will check it. */
export function verifyBallot(contract: SessionsContractRef, ballot: BallotMessage, signature: string, expected: Address): void {
  const digest = ballotDigest(contract, ballot, keccakHex);
  return verifyDigest(digest, signature, expected, "ballot signature");
}

/** The signer of an EIP-712 Decline of `sessionId` (Sessions.failSession checks the same digest). */
export function declineSigner(contract: SessionsContractRef, sessionId: bigint, signature: string): Address {
  const digest = hashTypedData({ domain: sessionsDomain(contract.chainId, contract.address), types: declineTypes, primaryType: "Decline", message: { sessionId } });
  return recoverSigner(digest, signature, "decline signature");
}

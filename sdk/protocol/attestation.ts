// Signing and checking one agent's round attestation (EIP-712 Ballot).
import { recoverTypedDataAddress, type Address, type Hex, type LocalAccount } from "viem";
import { ballotTypes, ballotVotesWord, sessionsDomain } from "./eip712.ts";

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

export function signBallot(account: LocalAccount, contract: SessionsContractRef, ballot: BallotMessage): Promise<Hex> {
  return account.signTypedData(ballotTypedData(contract, ballot));
}

export function recoverBallotSigner(contract: SessionsContractRef, ballot: BallotMessage, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({ ...ballotTypedData(contract, ballot), signature });
}

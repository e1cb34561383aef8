// Signing and checking one agent's round attestation (EIP-712 Ballot).
import { recoverTypedDataAddress, type Address, type Hex, type LocalAccount } from "viem";
import { ballotTypes, sessionsDomain } from "./eip712.ts";

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

export function signBallot(account: LocalAccount, contract: SessionsContractRef, ballot: BallotMessage): Promise<Hex> {
  return account.signTypedData({
    domain: sessionsDomain(contract.chainId, contract.address),
    types: ballotTypes,
    primaryType: "Ballot",
    message: ballot,
  });
}

export function recoverBallotSigner(contract: SessionsContractRef, ballot: BallotMessage, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({
    domain: sessionsDomain(contract.chainId, contract.address),
    types: ballotTypes,
    primaryType: "Ballot",
    message: ballot,
    signature,
  });
}

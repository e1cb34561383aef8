// Ballots as an agent's SDK relays them, built by hand for the relay tests: signed (EIP-712) by an
// agent's key and published on its relay subject with the message signature (EIP-191).
import { headers, type NatsConnection } from "@nats-io/transport-node";
import type { Hex, LocalAccount } from "viem";
import {
  encodeBallotVotes, encodeMessage, relayedBallot, roundProposalsHash, SIGNATURE_HEADER, signBallot, signPayload,
  sortedProposalOrder, subjects, type RelayedBallot, type SessionsContractRef,
} from "@concord/agent-sdk/protocol";
import type { Wallet } from "@concord/orchestrator/chain/write-contract.ts";

export interface SignedBallot {
  account: LocalAccount;
  agentIndex: number;
  proposalHash: Hex;
  /** The round's proposals, ascending by hash. */
  sorted: Hex[];
  votes: Hex;
  signature: Hex;
}

/** Agent `agent`'s ballot over `present` (agent order): 50 to every other proposal, or `sortedVotes` (packed order). */
export async function signedBallot(
  contract: SessionsContractRef, account: LocalAccount, sessionId: bigint, round: number, agent: number, present: Hex[], sortedVotes?: number[],
): Promise<SignedBallot> {
  const own = present[agent]!;
  const sorted = sortedProposalOrder(present).map((i) => present[i]!);
  const votes = encodeBallotVotes(sortedVotes ?? sorted.map((h) => (h === own ? 0 : 50)));
  const signature = await signBallot(account, contract, { sessionId, round, proposalHash: own, proposalsHash: roundProposalsHash(present), votes });
  return { account, agentIndex: agent, proposalHash: own, sorted, votes, signature };
}

/** Publishes `fields` on agent `agent`'s relay subject, the message signed by `sender`. */
export async function publishRelayed(nc: NatsConnection, agent: string, fields: Omit<RelayedBallot, "agent">, sender: LocalAccount): Promise<void> {
  const data = encodeMessage(relayedBallot, { ...fields, agent });
  const h = headers();
  h.set(SIGNATURE_HEADER, await signPayload(sender, data));
  nc.publish(subjects.relay(fields.sessionId, fields.round, agent), data, { headers: h });
  await nc.flush();
}

/** An orchestrator's wallet whose transactions never reach the chain: its round recording is withheld. */
export function withheldWallet(wallet: Wallet): Wallet {
  return { ...wallet, sendRawTransaction: async () => { throw new Error("recording withheld by the test"); } } as Wallet;
}

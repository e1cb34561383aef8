// Checks agents' answers at the edge: schema, identity, content hash, ballot and signature.
import type { Hex } from "viem";
import {
  ConcordError, decodeMessage, endorsementsToVotes, evaluateResult, type EvaluateResult, packBallot, proposalHash,
  proposeResult, type ProposeResult, type SessionsContractRef, unpackBallot,
} from "@concord/agent-sdk/protocol";
import { keccakHex } from "@concord/agent-sdk/secp256k1";
import { verifyBallot } from "../crypto/known-signers.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { RoundMembers } from "./round-members.ts";

interface Addressing {
  sessionId: string;
  round: number;
  agent: string;
}

function checkAddressing(got: Addressing, want: Addressing): void {
  if (got.sessionId !== want.sessionId || got.round !== want.round || got.agent !== want.agent) {
    throw new ConcordError(
      "INVALID_MESSAGE",
      `answer for ${got.agent}/${got.sessionId}/${got.round} arrived on ${want.agent}/${want.sessionId}/${want.round}`,
    );
  }
}

export function acceptProposal(want: Addressing, data: Uint8Array): ProposeResult {
  const result = decodeMessage(proposeResult, data);
  checkAddressing(result, want);
  const expected = proposalHash(BigInt(result.sessionId), result.round, result.salt, result, keccakHex);
  if (expected !== result.proposalHash) {
    throw new ConcordError("INVALID_PROPOSAL_HASH", `proposal hash ${result.proposalHash} does not match its content (${expected})`);
  }
  return result;
}

export interface AcceptedEvaluation {
  result: EvaluateResult;
  /** The vote this evaluator gave each proposal of the round, aligned with the round's members. */
  votes: number[];
}

/**
 * Checks an evaluation (or a re-attestation) against what the evaluator was shown: labels that
 * were not offered, or whose author is no longer in the round, are dropped; the ballot must follow
 * from the remaining endorsements under the session's `voteCredits` (so Σ v² ≤ voteCredits, as
 * recordRound checks), over exactly the round's proposals, signed by the evaluator over
 * that list of proposal hashes (a ballot signed over another list is refused as a bad signature).
 */
export async function acceptEvaluation(
  want: Addressing,
  evaluator: PanelAgent,
  contract: SessionsContractRef,
  voteCredits: number,
  authorOf: ReadonlyMap<string, number>,
  members: RoundMembers,
  ownHash: Hex,
  data: Uint8Array,
  /** Whether the proposal of the agent at this panel index is by the evaluator's own operator: its vote must be 0. */
  sameOperator: (author: number) => boolean = () => false,
): Promise<AcceptedEvaluation> {
  const result = decodeMessage(evaluateResult, data);
  checkAddressing(result, want);
  const seen = new Set<string>();
  const kept = result.evaluations.flatMap((e) => {
    const author = authorOf.get(e.label);
    const hash = author === undefined ? undefined : members.hashOf(author);
    if (hash === undefined || seen.has(e.label)) return [];
    seen.add(e.label);
    return [{ hash, endorsement: e.endorsement, votes: !sameOperator(author!) }];
  });
  // A proposal of the evaluator's own operator gets 0 and spends nothing, as the task told the
  // evaluator (sameOperator): a ballot with any other vote for it would revert the whole record.
  const voting = kept.filter((e) => e.votes);
  const implied = endorsementsToVotes(voting.map((e) => e.endorsement), BigInt(voteCredits));
  // endorsementsToVotes gives one vote per endorsement, so implied[i] is there; the type cannot say so.
  const byHash = new Map(voting.map((e, i) => [e.hash, implied[i]!] as const));
  const expectedVotes = packBallot(members.hashes, byHash);
  if (expectedVotes !== result.votes) {
    throw new ConcordError("INVALID_MESSAGE", `ballot ${result.votes} does not follow from the endorsements (${expectedVotes})`);
  }
  // Refused here rather than by the chain's recordRound, which would revert the whole round.
  verifyBallot(
    contract,
    {
      sessionId: BigInt(result.sessionId), round: result.round, proposalHash: ownHash,
      proposalsHash: members.proposalsHash, votes: result.votes,
    },
    result.signature,
    evaluator.signer,
  );
  return { result, votes: unpackBallot(members.hashes, result.votes) };
}

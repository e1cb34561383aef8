// Checks agents' answers at the edge: schema, identity, content hash, ballot and signature.
import type { Hex } from "viem";
import { packBallot, unpackBallot } from "../../../sdk/protocol/ballot.ts";
import { recoverBallotSigner, type SessionsContractRef } from "../../../sdk/protocol/attestation.ts";
import { proposalHash } from "../../../sdk/protocol/proposal.ts";
import { endorsementsToVotes } from "../../../sdk/protocol/qv.ts";
import { decodeMessage, evaluateResult, proposeResult, type EvaluateResult, type ProposeResult } from "../../../sdk/protocol/schemas.ts";
import { ConcordError } from "../../../sdk/protocol/errors.ts";
import type { PanelAgent } from "./panel.ts";
import type { MaskedView } from "./masking.ts";

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
  const expected = proposalHash(BigInt(result.sessionId), result.round, result.salt, result);
  if (expected !== result.proposalHash) {
    throw new ConcordError("INVALID_PROPOSAL_HASH", `proposal hash ${result.proposalHash} does not match its content (${expected})`);
  }
  return result;
}

export interface AcceptedEvaluation {
  result: EvaluateResult;
  /** The vote this evaluator gave each proposal, in panel order. */
  votes: number[];
}

export async function acceptEvaluation(
  want: Addressing,
  evaluator: PanelAgent,
  contract: SessionsContractRef,
  view: MaskedView,
  roundHashes: readonly Hex[],
  ownHash: Hex,
  data: Uint8Array,
): Promise<AcceptedEvaluation> {
  const result = decodeMessage(evaluateResult, data);
  checkAddressing(result, want);
  // Labels the evaluator was not offered are dropped, as are repeats.
  const seen = new Set<string>();
  const kept = result.evaluations.filter((e) => view.authorOf.has(e.label) && !seen.has(e.label) && seen.add(e.label));
  const implied = endorsementsToVotes(kept.map((e) => e.endorsement));
  const byHash = new Map(kept.map((e, i) => [roundHashes[view.authorOf.get(e.label)!]!, implied[i]!] as const));
  const expectedVotes = packBallot(roundHashes, byHash);
  if (expectedVotes !== result.votes) {
    throw new ConcordError("INVALID_MESSAGE", `ballot ${result.votes} does not follow from the endorsements (${expectedVotes})`);
  }
  const signer = await recoverBallotSigner(
    contract,
    { sessionId: BigInt(result.sessionId), round: result.round, proposalHash: ownHash, votes: result.votes },
    result.signature,
  ).catch((cause) => {
    throw new ConcordError("INVALID_SIGNATURE", "ballot signature is malformed", { cause });
  });
  if (signer.toLowerCase() !== evaluator.signer.toLowerCase()) {
    throw new ConcordError("INVALID_SIGNATURE", `ballot signed by ${signer}, expected ${evaluator.signer}`);
  }
  return { result, votes: unpackBallot(roundHashes, result.votes) };
}

// Turns a model's answers into protocol results: salted proposal hash, QV votes, signed ballot.
import { bytesToHex, type Hex, type LocalAccount } from "viem";
import { randomBytes } from "node:crypto";
import { packBallot, roundProposalsHash } from "../protocol/ballot.ts";
import { ConcordError } from "../protocol/errors.ts";
import { MAX_ENDORSEMENT } from "../protocol/limits.ts";
import { endorsementsToVotes } from "../protocol/qv.ts";
import { proposalHash } from "../protocol/proposal.ts";
import { keccakHex } from "../protocol/fast-keccak.ts";
import { signBallot, type SessionsContractRef } from "../protocol/attestation.ts";
import { signDecline } from "../protocol/decline.ts";
import type { ErrorCode } from "../protocol/errors.ts";
import type { Phase } from "../protocol/subjects.ts";
import type { CandidateEvaluation, EvaluateResult, EvaluateTask, FailedResult, ProposeResult, ProposeTask } from "../protocol/schemas.ts";
import type { CandidateAssessment, EvaluationAnswer, ProposalAnswer } from "./define-agent.ts";

export function buildProposeResult(agent: string, task: ProposeTask, body: ProposalAnswer): ProposeResult {
  const salt = bytesToHex(randomBytes(32));
  return {
    sessionId: task.sessionId,
    round: task.round,
    agent,
    thoughtProcess: body.thoughtProcess,
    solution: body.solution,
    salt,
    proposalHash: proposalHash(BigInt(task.sessionId), task.round, salt, body, keccakHex),
    usage: body.usage,
  };
}

/** Keeps one assessment per offered label (the first), clamped to integers in [-MAX_ENDORSEMENT, MAX_ENDORSEMENT]. */
export function offeredAssessments(task: EvaluateTask, assessments: readonly CandidateAssessment[]): CandidateEvaluation[] {
  const offered = new Set(task.candidates.map((c) => c.label));
  const seen = new Set<string>();
  const kept: CandidateEvaluation[] = [];
  for (const a of assessments) {
    if (!offered.has(a.label) || seen.has(a.label)) continue;
    seen.add(a.label);
    kept.push({ ...a, claims: a.claims ?? [], endorsement: Math.max(-MAX_ENDORSEMENT, Math.min(MAX_ENDORSEMENT, Math.round(a.endorsement))) });
  }
  return kept;
}

/**
 * The QV votes an evaluation implies, keyed by proposal hash (what the ballot packs), spending the
 * session's vote credits (the task's): the chain refuses a ballot with Σ v² above them. A
 * candidate of the evaluator's own operator (`sameOperator`) gets no vote (0 in the ballot) and
 * spends nothing: the chain refuses any other vote for it.
 */
export function votesByProposalHash(task: EvaluateTask, assessments: readonly CandidateAssessment[]): Map<Hex, number> {
  const hashByLabel = new Map(task.candidates.filter((c) => !c.sameOperator).map((c) => [c.label, c.proposalHash] as const));
  const voting = assessments.filter((a) => hashByLabel.has(a.label));
  const votes = endorsementsToVotes(voting.map((a) => a.endorsement), BigInt(task.voteCredits));
  return new Map(voting.map((a, i) => [hashByLabel.get(a.label)!, votes[i]!] as const));
}

export function roundProposalHashes(task: EvaluateTask): Hex[] {
  return [task.ownProposal.proposalHash, ...task.candidates.map((c) => c.proposalHash)];
}

/**
 * Refuses an evaluate task in which a proposal's text is not what its hash commits to: the ballot
 * signs the hashes, so the agent must know that each hash stands for the text it was shown.
 * Recomputes every candidate's hash (and the agent's own) from (session, round, salt, content).
 */
export function checkCandidateHashes(task: EvaluateTask): void {
  const sessionId = BigInt(task.sessionId);
  const shown = [{ label: "own proposal", ...task.ownProposal }, ...task.candidates];
  for (const p of shown) {
    const expected = proposalHash(sessionId, task.round, p.salt, p, keccakHex);
    if (expected !== p.proposalHash) {
      throw new ConcordError(
        "INVALID_PROPOSAL_HASH",
        `${p.label}'s text does not match its proposal hash ${p.proposalHash} (its content and salt hash to ${expected})`,
      );
    }
  }
}

export async function buildEvaluateResult(
  agent: string,
  account: LocalAccount,
  contract: SessionsContractRef,
  task: EvaluateTask,
  answer: EvaluationAnswer,
): Promise<EvaluateResult> {
  const kept = offeredAssessments(task, answer.assessments);
  const hashes = roundProposalHashes(task);
  const votes = packBallot(hashes, votesByProposalHash(task, kept));
  const signature = await signBallot(account, contract, {
    sessionId: BigInt(task.sessionId),
    round: task.round,
    proposalHash: task.ownProposal.proposalHash,
    // The list the votes are cast over: the ballot cannot be recorded against any other.
    proposalsHash: roundProposalsHash(hashes, keccakHex),
    votes,
  }, keccakHex);
  return { sessionId: task.sessionId, round: task.round, agent, evaluations: kept, votes, signature, usage: answer.usage };
}

/**
 * A partial round's re-attestation: the same endorsements, restricted to the proposals that stay
 * in the round, turned into QV votes over that smaller set and signed again.
 */
export function buildAttestResult(
  agent: string,
  account: LocalAccount,
  contract: SessionsContractRef,
  evaluated: EvaluateTask,
  kept: readonly CandidateEvaluation[],
  remaining: readonly Hex[],
): Promise<EvaluateResult> {
  const stay = new Set(remaining.map((h) => h.toLowerCase()));
  if (!stay.has(evaluated.ownProposal.proposalHash.toLowerCase())) {
    throw new Error("the attest task leaves out this agent's own proposal");
  }
  const unknown = remaining.filter((h) => h !== evaluated.ownProposal.proposalHash && !evaluated.candidates.some((c) => c.proposalHash === h));
  if (unknown.length > 0) throw new Error(`the attest task names proposals this agent never evaluated: ${unknown.join(", ")}`);
  // The re-signed ballot covers exactly own + the candidates that stay, i.e. `remaining`.
  const candidates = evaluated.candidates.filter((c) => stay.has(c.proposalHash.toLowerCase()));
  const labels = new Set(candidates.map((c) => c.label));
  return buildEvaluateResult(agent, account, contract, { ...evaluated, candidates }, {
    assessments: kept.filter((a) => labels.has(a.label)),
  });
}

/**
 * Failures that mean the agent will not work on the session: it refused the task (a skip) or its
 * model cannot answer this task (down, refusing the credentials, not serving the model). A timeout
 * or a bad reply may pass; an agent that proposed has worked, so only a propose task is declined.
 * Benched is not among them: the bench is the SDK's guess from earlier failures, which anyone who
 * may send the agent tasks could provoke, and a decline (a refund, on chain) must rest on the
 * model server's own answer.
 */
const DECLINING: ReadonlySet<ErrorCode> = new Set([
  "AGENT_SKIPPED", "PROVIDER_UNAVAILABLE", "PROVIDER_UNAUTHORIZED", "PROVIDER_UNKNOWN_MODEL",
]);

/**
 * Whether failing `phase` of `round` with `error` declines the session (see DECLINING): only in
 * round 1. A signed Decline names the session, not a round, and stays usable while the session is
 * below minRounds; one signed after the agent's round-1 work, for a moment's outage, would let the
 * orchestrator fail a session the agent went on to work in, and refund its bounty.
 */
export function declinesSession(at: { phase: Phase; round: number }, error: unknown): boolean {
  return at.phase === "propose" && at.round === 1 && error instanceof ConcordError && DECLINING.has(error.code);
}

/**
 * The failure (or skip) result of a task, with the agent's signed Decline{sessionId} when the
 * failure declines the session (`declinesSession`): the orchestrator hands it to the chain so the
 * submitter's bounty comes back early (Sessions.failSession).
 */
export async function buildFailedResult(
  agent: string,
  account: LocalAccount,
  contract: SessionsContractRef,
  at: { sessionId: string; round: number; phase: Phase },
  error: unknown,
  /** False: sign no decline whatever the failure (the chain shows the session under way). */
  mayDecline = true,
): Promise<FailedResult> {
  const said = error instanceof ConcordError && error.publicMessage !== undefined ? error.publicMessage : error instanceof Error ? error.message : String(error);
  const reason = publicReason(said).slice(0, 2_000);
  const result: FailedResult = { sessionId: at.sessionId, round: at.round, agent, reason };
  if (mayDecline && declinesSession(at, error)) result.decline = await signDecline(account, contract, BigInt(at.sessionId));
  return result;
}

/** Any URL, credentials, host, path and query included; not a punctuation mark that ends it. */
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*[^\s"'<>`:.,;)]/gi;
/** An IPv4 or bracketed IPv6 address with its port, as Node's network errors name the peer. */
const ADDRESS_PATTERN = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|\[[0-9a-f:.]+\](?::\d+)?/gi;
/**
 * The peer a Node network error names after its code (`getaddrinfo ENOTFOUND llm.internal`,
 * `connect ECONNREFUSED ::1:11434`): any word with a dot or a colon after an E-code.
 */
const LOOKUP_PATTERN = /\b(E[A-Z_]{3,}) [^\s;,)]*[.:][^\s;,)]*/g;
/** A TLS name mismatch's host and certificate names (`Host: llm.internal. is not in the cert's altnames: DNS:x`). */
const TLS_NAME_PATTERN = /\b(Host|DNS|IP Address):\s?[^\s,;)]+/g;

/**
 * A failure's reason as it leaves the agent: it is published, and kept in the session's public
 * transcript, so the model server's address (its URL with any key in it, its IP and port, its
 * host name) is replaced by a placeholder. The operator's own log keeps the full text.
 */
export function publicReason(reason: string): string {
  // Cut first: the patterns scan the text, and a reason from a model server has no bound of its own.
  return reason.slice(0, 4_000)
    .replace(URL_PATTERN, "<provider URL>")
    .replace(ADDRESS_PATTERN, "<address>")
    .replace(LOOKUP_PATTERN, "$1 <host>")
    .replace(TLS_NAME_PATTERN, "$1: <host>");
}

// Every protocol message is a zod schema here; NATS payloads are validated at the edge with these.
// Bigints travel as decimal strings.
import { z } from "zod";
import { bytesToString, isAddress, isHex, stringToBytes, type Address, type Hex } from "viem";
import { ConcordError } from "./errors.ts";
import { HALT_REASONS, OUTCOME_LABELS } from "./halting.ts";
import {
  FEEDBACK_EXCERPT_CHARS, isDecimalId, MAX_ABSENCE_GRACE, MAX_AGENTS, MAX_ENDORSEMENT, MAX_EVENT_REASON_CHARS, MAX_PROPOSAL_CHARS, MAX_ROUNDS, MAX_TASK_CHARS, MAX_TASK_FAMILY_CHARS, MAX_VOTE_CREDITS,
  MIN_AGENTS,
} from "./limits.ts";

/** A session or agent id (a positive uint256 in decimal); `message` says what is wrong with any other text. */
export function decimalIdWith(message: string) {
  // The metadata only describes the check for the generated JSON Schemas (docs/schemas/).
  return z.string().refine(isDecimalId, message).meta({
    pattern: "^[1-9][0-9]{0,77}$", description: "a positive uint256 in decimal (at most 2^256 - 1), no leading zero",
  });
}
export const decimalId = decimalIdWith("a positive decimal integer");
export const roundNumber = z.number().int().min(1).max(MAX_ROUNDS);
/** The halting numbers after a round (see halting.ts): the dApp draws them per round. */
export const haltingPoint = z.object({
  /** Share of the present agents holding the winner's position. */
  agreement: z.number().min(0).max(1),
  /** Chance that the winner's position is right. */
  confidence: z.number().min(0).max(1),
  /** Accuracy another round is expected to add. */
  gain: z.number(),
  /** Accuracy a round must add to be worth running. */
  cost: z.number(),
});
export const hash32 = z
  .string()
  .refine((v) => isHex(v) && v.length === 66, "a 0x-prefixed 32-byte hex string")
  .transform((v) => v.toLowerCase() as Hex)
  .meta({ pattern: "^0x[0-9a-fA-F]{64}$", description: "32 bytes as 0x-prefixed hex (read case-insensitively)" });
export const hexBytes = z
  .string()
  .refine((v) => isHex(v) && v.length % 2 === 0, "0x-prefixed hex bytes")
  .transform((v) => v.toLowerCase() as Hex)
  .meta({ pattern: "^0x([0-9a-fA-F]{2})*$", description: "bytes as 0x-prefixed hex (read case-insensitively)" });
/** 65 bytes r ‖ s ‖ v as hex: an ECDSA signature as viem and the contracts take it. */
const signature65 = hexBytes
  .refine((v) => v.length === 132, "a 65-byte signature")
  .meta({ pattern: "^0x[0-9a-fA-F]{130}$", description: "a 65-byte secp256k1 signature r ‖ s ‖ v (v = 27 or 28) as 0x-prefixed hex" });
export const address = z.string().refine(isAddress, "an address").transform((v) => v as Address).meta({
  pattern: "^0x[0-9a-fA-F]{40}$", description: "an address as 0x-prefixed hex; mixed case must be a valid EIP-55 checksum",
});
export const agentName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ or -");
export const candidateLabel = z.string().regex(/^Candidate_[A-Z]{1,2}$/);

/** What a model call cost, as the provider reported it (absent for simulated agents). */
export const usage = z.object({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  /** Provider-reported or configured price, in US dollars. */
  costUsd: z.number().min(0).optional(),
  /** Wall time of the model calls, in milliseconds. */
  latencyMs: z.number().min(0).optional(),
});

/** What a proposer answers: its reasoning and its solution. */
export const proposalBody = z.object({
  thoughtProcess: z.string().max(MAX_PROPOSAL_CHARS),
  solution: z.string().min(1).max(MAX_PROPOSAL_CHARS),
});

export const stance = z.enum(["support", "oppose", "neutral"]);
export const peerLabel = z.string().regex(/^(You|Peer_[A-Z]{1,2})$/);

/** A claim an evaluator checked in a candidate, and its verdict. */
export const claimAssessment = z.object({
  claim: z.string().min(1).max(500),
  verdict: z.enum(["agree", "disagree", "uncertain"]),
});

/**
 * What a proposer learns from the last round (from round 2 on). Peers appear under labels drawn
 * fresh for each recipient and round (`Peer_A`…; the recipient is `You`), so feedback reveals
 * no identity either.
 */
export const roundFeedback = z.object({
  round: roundNumber,
  /** Votes of the last round: rows are evaluators, columns proposals, both by peer label. */
  scoreMatrix: z.object({
    labels: z.array(peerLabel),
    rows: z.array(z.object({ evaluator: peerLabel, votes: z.array(z.number().int().nullable()) })),
  }),
  ownProposal: z.object({
    /** Cut short to FEEDBACK_EXCERPT_CHARS characters. */
    solution: z.string().max(FEEDBACK_EXCERPT_CHARS),
    thoughtProcess: z.string().max(FEEDBACK_EXCERPT_CHARS),
    score: z.number().int(),
    /** 1 = best of the round. */
    rank: z.number().int().min(1),
    of: z.number().int().min(1),
  }),
  critiques: z.array(
    z.object({ from: peerLabel, endorsement: z.number().int(), stance, justification: z.string().max(5_000) }),
  ),
  /** Claims evaluators disagreed on in the last round. */
  contestedClaims: z.array(z.object({ claim: z.string().max(500), agree: z.number().int(), disagree: z.number().int() })).max(50),
});

export const proposeTask = z.object({
  sessionId: decimalId,
  round: roundNumber,
  task: z.string().min(1).max(MAX_TASK_CHARS),
  /** Milliseconds since the epoch after which the answer is late. */
  deadline: z.number().int().positive(),
  feedback: roundFeedback.optional(),
});

export const proposeResult = proposalBody.extend({
  sessionId: decimalId,
  round: roundNumber,
  agent: agentName,
  /** Random per proposal, so two equal answers still get distinct hashes that reveal no author. */
  salt: hash32,
  proposalHash: hash32,
  usage: usage.optional(),
});

/**
 * A proposal as an evaluator sees it: masked label, content, and its salt and hash, so the
 * evaluator can check that the content is what the hash (which its ballot signs) commits to;
 * never the author. The salt is random per proposal, so it says nothing about who wrote it.
 */
export const maskedCandidate = proposalBody.extend({
  label: candidateLabel,
  salt: hash32,
  proposalHash: hash32,
  /**
   * Present (true) when this candidate's author is another agent of the evaluator's own operator:
   * the ballot gives it 0 (the chain refuses any other vote, SameOperatorVote) and its endorsement
   * spends none of the vote credits. Tells the evaluator only what its operator knows anyway.
   */
  sameOperator: z.literal(true).optional(),
});

export const evaluateTask = z.object({
  sessionId: decimalId,
  round: roundNumber,
  task: z.string().min(1).max(MAX_TASK_CHARS),
  deadline: z.number().int().positive(),
  /** The evaluator's own proposal, as a baseline it never scores (with its salt, checked too). */
  ownProposal: proposalBody.extend({ salt: hash32, proposalHash: hash32 }),
  candidates: z.array(maskedCandidate).min(1).max(MAX_AGENTS - 1),
  /**
   * The session's vote credits (Sessions.roundTerms): the votes are
   * sign(w)·isqrt(⌊|w|·voteCredits / Σ|w|⌋), so Σ v² ≤ voteCredits, what recordRound checks.
   */
  voteCredits: z.number().int().min(1).max(MAX_VOTE_CREDITS),
}).refine(
  (t) => new Set(t.candidates.map((c) => c.label)).size === t.candidates.length &&
    new Set([t.ownProposal.proposalHash, ...t.candidates.map((c) => c.proposalHash)]).size === t.candidates.length + 1,
  // Else one assessment of a label would be counted for another text, and a ballot would name one hash twice.
  "each candidate has a label and a proposal hash of its own, not the agent's own proposal's",
);

/**
 * Re-sign the round's ballot over a smaller set of proposals (a partial round): the agent's SDK
 * drops the candidates not listed, re-derives its QV votes from the endorsements it already gave,
 * and signs again. No model is asked.
 */
export const attestTask = z.object({
  sessionId: decimalId,
  round: roundNumber,
  deadline: z.number().int().positive(),
  /** The proposals that stay in the round, the agent's own among them. */
  proposalHashes: z.array(hash32).min(MIN_AGENTS).max(MAX_AGENTS),
});

export const candidateEvaluation = z.object({
  label: candidateLabel,
  endorsement: z.number().int().min(-MAX_ENDORSEMENT).max(MAX_ENDORSEMENT),
  justification: z.string().max(5_000),
  stance,
  claims: z.array(claimAssessment).max(20).default([]),
  isFinalSolution: z.boolean(),
});

export const evaluateResult = z.object({
  sessionId: decimalId,
  round: roundNumber,
  agent: agentName,
  evaluations: z.array(candidateEvaluation).max(MAX_AGENTS - 1),
  /** Packed int8 ballot over the round's proposals sorted by hash (see ballot.ts). */
  votes: hexBytes,
  /** EIP-712 signature over Ballot{sessionId, round, proposalHash: own, proposalsHash: the round's list, votes}. */
  signature: hexBytes,
  usage: usage.optional(),
});

/** Where a failed session's bounty stands (the session-failed event's `refund`). */
export const FAILURE_REFUNDS = ["refunded", "open", "at-deadline"] as const;
export type FailureRefund = (typeof FAILURE_REFUNDS)[number];

export const failedResult = z.object({
  sessionId: decimalId,
  round: roundNumber,
  agent: agentName,
  reason: z.string().max(2_000),
  /**
   * Optional (older agents send none): the agent's EIP-712 Decline{sessionId} signature (65 bytes)
   * when it refused the task or its model cannot answer it, so the orchestrator can show the chain
   * that it will not work (Sessions.failSession).
   */
  decline: signature65.optional(),
});

/**
 * One agent's signed ballot of a round, published for relaying (`subjects.relay`) once the round's
 * evaluate deadline has passed: what an entry of `Sessions.recordRound` needs, so anyone holding
 * every agent's can record a complete round. `phase` says which ballot it is (an `attest` ballot
 * re-signs the evaluate one over fewer proposals).
 */
export const relayedBallot = z
  .object({
    sessionId: decimalId,
    round: roundNumber,
    phase: z.enum(["evaluate", "attest"]),
    agent: agentName,
    /** The signer's position in the session's agent list, when it knows it (a relayer checks it, or maps the signer). */
    agentIndex: z.number().int().min(0).max(MAX_AGENTS - 1).optional(),
    /** The signer's own proposal. */
    proposalHash: hash32,
    /** The round's present proposals, ascending by hash: the order the votes are packed in. */
    proposalHashes: z.array(hash32).min(MIN_AGENTS).max(MAX_AGENTS),
    /** Packed int8 ballot (see ballot.ts), one vote per entry of `proposalHashes`. */
    votes: hexBytes,
    /** The EIP-712 Ballot signature (65 bytes). */
    signature: signature65,
  })
  .superRefine((b, ctx) => {
    const ascending = b.proposalHashes.every((h, i) => i === 0 || BigInt(b.proposalHashes[i - 1]!) < BigInt(h));
    if (!ascending) ctx.addIssue({ code: "custom", path: ["proposalHashes"], message: "not strictly ascending by hash" });
    if (!b.proposalHashes.includes(b.proposalHash)) {
      ctx.addIssue({ code: "custom", path: ["proposalHash"], message: "the signer's own proposal is not among proposalHashes" });
    }
    const votes = (b.votes.length - 2) / 2;
    if (votes !== b.proposalHashes.length) {
      ctx.addIssue({ code: "custom", path: ["votes"], message: `${votes} votes for ${b.proposalHashes.length} proposals` });
    }
  });

/**
 * A job on the work queue: run the deliberation of a session already created on chain. It carries
 * only what the chain does not: the task text (which must hash to the session's taskHash) and how
 * to run it. The agents, round limits and vote credits are the session's, read from the chain
 * once when the orchestrator starts it.
 */
export const sessionJob = z.object({
  sessionId: decimalId,
  task: z.string().min(1).max(MAX_TASK_CHARS),
  effort: z.number().gt(0).max(1).default(0.6),
  /**
   * Limits that bind: each phase waits at most `phaseTimeoutMs`, and no round is started that the
   * rest of the wall clock, tokens or cost cannot pay for.
   */
  budget: z
    .object({
      phaseTimeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
      wallClockMs: z.number().int().positive().optional(),
      tokens: z.number().int().positive().optional(),
      costUsd: z.number().positive().optional(),
    })
    .default({ phaseTimeoutMs: 30_000 }),
  /**
   * The on-chain submitter's EIP-712 JobRequest signature (job-request.ts) when the job came
   * through POST /api/jobs, which checks it before queueing; absent for a job the command line's
   * NATS user queued directly.
   */
  signature: hexBytes.optional(),
});

/** The submitter asks to finish after the current round; signed (EIP-191) by the on-chain submitter. */
export const finaliseRequest = z.object({
  sessionId: decimalId,
  signature: hexBytes,
});

/** The exact text a submitter signs to force a finalise. */
export function finaliseMessage(sessionId: string): string {
  return `Concord: finalise session ${sessionId} after the current round`;
}

export const heartbeat = z.object({
  agent: agentName,
  signer: address,
  modelId: z.string().min(1).max(200),
  /** What the agent says it is good at (free-form tags, e.g. "math", "code"). */
  capabilities: z.array(z.string().min(1).max(64)).max(32).default([]),
  status: z.enum(["ready", "busy", "stopping"]),
  at: z.number().int().positive(),
});

/** Asked of one agent before a session is created: would it answer this task? */
export const acceptsRequest = z.object({ task: z.string().min(1).max(MAX_TASK_CHARS) });

/** An agent's answer to an acceptance probe, from its provider; signed like a heartbeat. */
export const acceptsReply = z.discriminatedUnion("accepts", [
  z.object({ agent: agentName, accepts: z.literal(true) }),
  z.object({ agent: agentName, accepts: z.literal(false), reason: z.string().min(1).max(500) }),
]);

/** A task family's name, as a session names it (taskFamilyId gives its bytes32 on chain). */
export const taskFamilyName = z.string().min(1).max(MAX_TASK_FAMILY_CHARS);

/**
 * POST /api/preflight (the dApp server): the createSession a submitter is about to send, checked
 * before any money moves. The task is any string so that a long one is answered with its size;
 * the server's body cap bounds it.
 */
export const preflightRequest = z.object({
  task: z.string(),
  agentIds: z.array(decimalId).min(MIN_AGENTS).max(MAX_AGENTS).refine((ids) => new Set(ids).size === ids.length, "distinct agent ids"),
  submitter: address,
  /** The bounty's token; the zero address for ETH. */
  token: address,
  /** In the token's smallest unit (wei for ETH), decimal. */
  bounty: decimalId,
  orchestrator: address,
  minRounds: roundNumber,
  maxRounds: roundNumber,
  voteCredits: z.number().int().min(1).max(MAX_VOTE_CREDITS),
  absenceGrace: z.number().int().min(0).max(MAX_ABSENCE_GRACE),
  /** Seconds from the chain's latest block to the session's deadline (default one hour). */
  deadlineSeconds: z.number().int().positive().optional(),
  /** The task URI createSession will carry (it changes the gas). */
  taskURI: z.string().max(64 * 1024).optional(),
  /** The task family's name; none when absent. */
  taskFamily: taskFamilyName.optional(),
}).strict();

/** One reason a submission would fail; `agentId`/`agent` name the agent it is about, when it is. */
export const preflightProblem = z.object({
  code: z.string(),
  message: z.string(),
  agentId: decimalId.optional(),
  agent: agentName.optional(),
});

/** What one chosen agent declares (its heartbeat) and, once a task was probed, whether it takes it. */
export const preflightAgent = z.object({
  agentId: decimalId,
  /** Its NATS name; absent when no heartbeat was heard from its signer. */
  name: agentName.optional(),
  modelId: z.string(),
  capabilities: z.array(z.string()),
  live: z.boolean(),
  accepts: z.boolean().optional(),
  reason: z.string().optional(),
});

/** GET /api/agents?ids=…: what each registered agent declares, before any task is typed. */
export const agentDeclarations = z.object({ agents: z.array(preflightAgent) });

export const preflightAnswer = z.object({
  ok: z.boolean(),
  problems: z.array(preflightProblem),
  agents: z.array(preflightAgent),
  /** What refuses nothing but a person should know (an agent that will skip every round). */
  notes: z.array(z.string()),
});

export const sessionEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("round-started"), sessionId: decimalId, round: roundNumber }),
  z.object({
    type: z.literal("phase-closed"),
    sessionId: decimalId,
    round: roundNumber,
    phase: z.enum(["propose", "evaluate", "attest"]),
    answered: z.array(agentName),
    missing: z.array(agentName),
  }),
  z.object({
    type: z.literal("round-recorded"),
    sessionId: decimalId,
    round: roundNumber,
    scores: z.array(z.number().int()),
    winner: agentName,
    txHash: hash32,
  }),
  z.object({
    type: z.literal("halted"),
    sessionId: decimalId,
    round: roundNumber,
    /** The halting rule that fired (docs/protocol.md, "Halting"). */
    reason: z.enum(HALT_REASONS),
    /** For `budget`: which limit the next round would have overrun. */
    overrun: z.enum(["wall-clock", "tokens", "cost"]).optional(),
    ...haltingPoint.shape,
    outcome: z.enum(OUTCOME_LABELS),
    /** For a tie: every position sharing the top score. */
    tied: z.array(z.string()),
  }),
  z.object({
    type: z.literal("session-settled"),
    sessionId: decimalId,
    winner: agentName,
    payouts: z.array(z.string().regex(/^\d+$/)),
    txHash: hash32,
  }),
  z.object({
    type: z.literal("session-failed"),
    sessionId: decimalId,
    reason: z.string().max(MAX_EVENT_REASON_CHARS),
    /**
     * Optional (older orchestrators send none): where the bounty stands after the orchestrator
     * declared the failure on chain (Sessions.failSession). `refunded`: back with the submitter;
     * `open`: the failure is claimed, the submitter may refund once its grace passed (Sessions.refundAfter); `at-deadline`: the chain was not
     * told (the call failed, or minRounds were recorded), so refund (or settlement) waits for the deadline.
     */
    refund: z.enum(FAILURE_REFUNDS).optional(),
    /** Agents whose signed declines went with the declaration. */
    declined: z.array(agentName).optional(),
    /** The failSession transaction. */
    txHash: hash32.optional(),
  }),
]);

export type ProposalBody = z.infer<typeof proposalBody>;
export type Usage = z.infer<typeof usage>;
export type ProposeTask = z.infer<typeof proposeTask>;
export type RoundFeedback = z.infer<typeof roundFeedback>;
export type ClaimAssessment = z.infer<typeof claimAssessment>;
export type ProposeResult = z.infer<typeof proposeResult>;
export type MaskedCandidate = z.infer<typeof maskedCandidate>;
export type EvaluateTask = z.infer<typeof evaluateTask>;
export type AttestTask = z.infer<typeof attestTask>;
export type CandidateEvaluation = z.infer<typeof candidateEvaluation>;
export type EvaluateResult = z.infer<typeof evaluateResult>;
export type FailedResult = z.infer<typeof failedResult>;
export type Heartbeat = z.infer<typeof heartbeat>;
export type AcceptsRequest = z.infer<typeof acceptsRequest>;
export type AcceptsReply = z.infer<typeof acceptsReply>;
export type PreflightRequest = z.infer<typeof preflightRequest>;
export type PreflightProblem = z.infer<typeof preflightProblem>;
export type PreflightAgent = z.infer<typeof preflightAgent>;
export type PreflightAnswer = z.infer<typeof preflightAnswer>;
export type FinaliseRequest = z.infer<typeof finaliseRequest>;
export type SessionJob = z.infer<typeof sessionJob>;
export type SessionEvent = z.infer<typeof sessionEvent>;
export type RelayedBallot = z.infer<typeof relayedBallot>;

/** Encodes a value checked against its schema: for values that came from outside this process. */
export function encodeMessage<T extends z.ZodType>(schema: T, value: z.input<T>): Uint8Array {
  return stringToBytes(JSON.stringify(schema.parse(value)));
}

/**
 * Encodes a value this process built from parts it already holds as checked, typed values (a
 * task from the session plan, an event, a result its provider's answer was checked into): no
 * second schema pass on the hot path. The receiver checks every message at its edge
 * (decodeMessage), so a message is parsed once, where trust changes hands. `schema` names what
 * the bytes are and fixes the value's type.
 */
export function encodeTrusted<T extends z.ZodType>(_schema: T, value: z.output<T>): Uint8Array {
  return stringToBytes(JSON.stringify(value));
}

/** Decodes and validates a NATS payload; throws INVALID_MESSAGE with the schema's reasons. */
export function decodeMessage<T extends z.ZodType>(schema: T, data: Uint8Array): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(bytesToString(data));
  } catch (cause) {
    throw new ConcordError("INVALID_MESSAGE", "payload is not JSON", { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ConcordError("INVALID_MESSAGE", z.prettifyError(parsed.error), { cause: parsed.error });
  }
  return parsed.data;
}

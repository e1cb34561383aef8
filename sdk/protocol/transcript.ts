// The public transcript of one session, as the dApp server's GET /api/sessions/:id returns it and
// the dApp reads it. Only what is revealed: while the session deliberates, every round (tallied or
// in progress) is sealed: its proposals' content with no author, no hash and no ballot, since agents
// often repeat a text in the next round and any link from a text to its author would unmask that
// round's evaluation. Once deliberation ended, each round names who wrote what and how each agent voted.
import { z } from "zod";
import { agentName, decimalId, haltingPoint, hash32, roundNumber, stance } from "./schemas.ts";
import { HALT_REASONS, OUTCOME_LABELS } from "./halting.ts";

/** Reasoning is cut to this many characters in the transcript (the solution never is). */
export const TRANSCRIPT_REASONING_CHARS = 600;

/** An evaluator's justification is cut to this many characters in the transcript. */
export const TRANSCRIPT_JUSTIFICATION_CHARS = 600;

/** What an evaluator said of one candidate, besides its endorsement. */
const transcriptAssessment = z.object({ stance, justification: z.string() });


const attributedProposal = z.object({
  agent: agentName,
  solution: z.string(),
  /** The author's thought process, cut to TRANSCRIPT_REASONING_CHARS. */
  reasoning: z.string(),
  proposalHash: hash32,
});

const absentAgent = z.object({ agent: z.string(), reason: z.string() });

/** A round once deliberation ended: everything about it is public. */
export const transcriptRound = z.object({
  round: roundNumber,
  /** Panel-indexed (the session's on-chain agent order); null for an agent absent from it. */
  proposals: z.array(attributedProposal.nullable()),
  /**
   * votes[e][p]: evaluator e's integer QV vote for proposer p's proposal, both panel-indexed;
   * null on the diagonal (no one scores itself) and where either agent was not in the round.
   */
  votes: z.array(z.array(z.number().int().nullable())),
  /** endorsements[e][p]: the endorsement in [-100, 100] behind that vote (masks mapped back). */
  endorsements: z.array(z.array(z.number().int().nullable())),
  /**
   * assessments[e][p]: evaluator e's stance on proposer p's proposal and why (cut to
   * TRANSCRIPT_JUSTIFICATION_CHARS), null where endorsements[e][p] is; absent in transcripts
   * served before it was published.
   */
  assessments: z.array(z.array(transcriptAssessment.nullable())).optional(),
  /** Panel-indexed QV scores; 0 for an absent agent. */
  scores: z.array(z.number().int()),
  /** Panel indices of the agents that attested the round. */
  present: z.array(z.number().int().min(0)),
  absent: z.array(absentAgent),
  winnerIndex: z.number().int().min(0),
  /** The round's record on chain; absent while it is still being sent (the next round may run). */
  txHash: hash32.optional(),
  /** The halting state after this round (absent in transcripts stored before it was kept). */
  halting: haltingPoint.optional(),
});

/**
 * A proposal without its author. No proposal hash either: RoundRecorded names the winner's hash and
 * recordRound's calldata pairs every hash with its agent index, so a hash beside a text is an author.
 */
const sealedProposal = z.object({
  solution: z.string(),
  /** Cut to TRANSCRIPT_REASONING_CHARS. */
  reasoning: z.string(),
  /** Only in transcripts served before sealed rounds existed (the round in progress carried it). */
  proposalHash: hash32.optional(),
});

/**
 * The round in progress, after its propose phase closed: proposals without authors, ordered by
 * their content (solution, then reasoning), an order that depends on nothing but the texts.
 */
export const transcriptCurrentRound = z.object({
  round: roundNumber,
  /** `evaluating` until the ballots are in, then `recording` (on chain). */
  stage: z.enum(["evaluating", "recording"]),
  proposals: z.array(sealedProposal),
  absent: z.array(absentAgent),
});

/**
 * A tallied round while the session still deliberates, sealed as the round in progress is: no
 * author, no ballot, no winner, until deliberation ends. Besides the proposals, only what the
 * chain publishes (or will) and what links no text to an agent.
 */
export const transcriptSealedRound = transcriptCurrentRound.extend({
  stage: z.literal("tallied"),
  /** The round's proposal hashes, ascending: apart from the texts, so none is paired with its text. */
  proposalHashes: z.array(hash32),
  /** Panel indices of the agents that attested the round (on chain with the round). */
  present: z.array(z.number().int().min(0)),
  /**
   * Panel-indexed QV scores, once the round is on chain (RoundRecorded carries them by agent
   * index); absent before. With the texts in content order and no winner marked, a score names no text.
   */
  scores: z.array(z.number().int()).optional(),
  /** The round's record on chain; absent while it is still being sent. */
  txHash: hash32.optional(),
  /** The halting state after this round. */
  halting: haltingPoint.optional(),
});

export const transcriptStatus = z.enum(["running", "halted", "settled", "failed"]);

export const sessionTranscript = z.object({
  sessionId: decimalId,
  status: transcriptStatus,
  /** The task text, when the orchestrator stored it (its hash is on chain). */
  task: z.string().optional(),
  /** NATS names in the on-chain agent order, when known. */
  agents: z.array(agentName).optional(),
  /** Every tallied round once deliberation ended (halted, settled or failed); none while it runs. */
  rounds: z.array(transcriptRound),
  /**
   * While the session deliberates: every tallied round, sealed, in round order. Empty or absent
   * once it ended (and in transcripts served before sealing, whose `rounds` held them).
   */
  sealed: z.array(transcriptSealedRound).optional(),
  current: transcriptCurrentRound.optional(),
  /** The latest halting state: what another round is expected to add against what it costs. */
  halting: haltingPoint.extend({ round: z.number().int().min(0) }),
  /** Why deliberation stopped, once it did. */
  halt: z
    .object({
      round: roundNumber,
      reason: z.enum(HALT_REASONS),
      /** How it ended, once the halted event is stored (consensus, majority, tie, no consensus). */
      outcome: z.enum(OUTCOME_LABELS).optional(),
      /** For a tie: every position sharing the top score. */
      tied: z.array(z.string()).optional(),
    })
    .optional(),
  /** The last round's winning proposal, once deliberation stopped. */
  final: z.object({ agentIndex: z.number().int().min(0), agent: agentName, answer: z.string(), score: z.number().int(), proposalHash: hash32 }).optional(),
  settledTxHash: hash32.optional(),
  failed: z.string().optional(),
});

export type SessionTranscript = z.infer<typeof sessionTranscript>;
export type TranscriptRound = z.infer<typeof transcriptRound>;
export type TranscriptAssessment = z.infer<typeof transcriptAssessment>;
export type TranscriptCurrentRound = z.infer<typeof transcriptCurrentRound>;
export type TranscriptSealedRound = z.infer<typeof transcriptSealedRound>;
export type TranscriptSealedProposal = z.infer<typeof sealedProposal>;
export type TranscriptStatus = z.infer<typeof transcriptStatus>;

// The public transcript of one session, as the dApp server's GET /api/sessions/:id returns it and
// the dApp reads it. Only what is revealed: a recorded round names who wrote what and how each
// agent voted; the round in progress shows its proposals (once the propose phase closed) in
// proposal-hash order, with no author and no ballot, since that would unmask the live evaluation.
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

/** A round recorded on chain: everything about it is public. */
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

/** The round in progress, after its propose phase closed: proposals without authors. */
export const transcriptCurrentRound = z.object({
  round: roundNumber,
  /** `evaluating` until the ballots are in, then `recording` (on chain). */
  stage: z.enum(["evaluating", "recording"]),
  /** Sorted by proposal hash: the order reveals no author. */
  proposals: z.array(z.object({ solution: z.string(), reasoning: z.string(), proposalHash: hash32 })),
  absent: z.array(absentAgent),
});

export const transcriptStatus = z.enum(["running", "halted", "settled", "failed"]);

export const sessionTranscript = z.object({
  sessionId: decimalId,
  status: transcriptStatus,
  /** The task text, when the orchestrator stored it (its hash is on chain). */
  task: z.string().optional(),
  /** NATS names in the on-chain agent order, when known. */
  agents: z.array(agentName).optional(),
  rounds: z.array(transcriptRound),
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
export type TranscriptStatus = z.infer<typeof transcriptStatus>;

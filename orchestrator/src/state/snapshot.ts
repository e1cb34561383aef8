// A session's progress as stored in KV after every phase, so another orchestrator can resume it
// from the last completed phase. Validated when read back: KV is an edge like any other.
import { z } from "zod";
import {
  candidateLabel, decimalId, evaluateResult, HALT_REASONS, haltingPoint, type HaltingState, hash32, proposeResult, roundNumber,
} from "@concord/agent-sdk/protocol";
import type { TalliedRound } from "./round-outcome.ts";
import { snapshotOrigin } from "./snapshot-origin.ts";

const bigintText = z.string().regex(/^-?\d+$/);
const authorMap = z.array(z.tuple([candidateLabel, z.number().int().min(0)]));

const haltingState = haltingPoint.extend({
  round: z.number().int().min(0),
  stop: z.enum(HALT_REASONS).optional(),
});

const absentAgent = z.object({ agent: z.string(), reason: z.string() });

/** The halting numbers right after a round: the points of the halting chart the dApp draws. */
const roundHalting = haltingPoint;

export const storedRound = z.object({
  round: roundNumber,
  proposals: z.array(proposeResult.nullable()),
  evaluations: z.array(evaluateResult.nullable()),
  present: z.array(z.number().int().min(0)),
  absent: z.array(absentAgent),
  authorOf: z.array(authorMap),
  ballots: z.array(z.array(z.number().int())),
  scores: z.array(z.number().int()),
  winnerIndex: z.number().int().min(0),
  durationMs: z.number().min(0),
  /** Absent while the round's record is still in the outbox: a resumed session sends it first. */
  onChain: z.object({
    scores: z.array(bigintText),
    winnerIndex: z.number().int().min(0),
    txHash: hash32,
    gasUsed: bigintText,
  }).optional(),
  /** Optional: snapshots written before it was kept lack it. */
  halting: roundHalting.optional(),
});

/** A round in progress: the phases that completed before the snapshot was taken. */
export const roundInProgress = z.object({
  round: roundNumber,
  /** Panel-indexed; null for an agent that did not propose. */
  proposals: z.array(proposeResult.nullable()),
  absent: z.array(absentAgent),
  evaluated: z
    .object({
      authorOf: z.array(authorMap),
      evaluations: z.array(z.object({ result: evaluateResult, votes: z.array(z.number().int()) }).nullable()),
      /** Panel indices the ballots cover (shrinks when a re-attestation was needed). */
      members: z.array(z.number().int().min(0)),
    })
    .optional(),
});

export const sessionSnapshot = z.object({
  version: z.literal(2),
  sessionId: decimalId,
  /** When the first owner started the session: the wall-clock budget counts from here. */
  startedAt: z.number().int().positive(),
  /**
   * The secret behind the session's random draws (masks, peer labels; rounds/draws.ts), so a
   * resumed phase asks what it asked before. Never public: the transcript leaves it out.
   * Optional: snapshots written before it was kept lack it (their resumed draws are new).
   */
  drawSeed: hash32.optional(),
  /** The on-chain session it was written for: a snapshot that does not match is never resumed. */
  origin: snapshotOrigin.optional(),
  /** The task text and the panel's NATS names (on-chain order), for the public transcript. */
  task: z.string().optional(),
  agents: z.array(z.string()).optional(),
  rounds: z.array(storedRound),
  halting: haltingState,
  current: roundInProgress.optional(),
  settledTxHash: hash32.optional(),
  failed: z.string().optional(),
});

export type SessionSnapshot = z.infer<typeof sessionSnapshot>;
export type RoundInProgress = z.infer<typeof roundInProgress>;
export type StoredHalting = z.infer<typeof haltingState>;
export type RoundHalting = z.infer<typeof roundHalting>;

export function storeRound(outcome: TalliedRound): z.input<typeof storedRound> {
  const { onChain, ...round } = outcome;
  return {
    ...round,
    proposals: outcome.proposals.map((p) => p ?? null),
    evaluations: outcome.evaluations.map((e) => e ?? null),
    authorOf: outcome.authorOf.map((m) => [...m.entries()]),
    ...(onChain && {
      onChain: { scores: onChain.scores.map(String), winnerIndex: onChain.winnerIndex, txHash: onChain.txHash, gasUsed: String(onChain.gasUsed) },
    }),
  };
}

export function loadRound(stored: z.output<typeof storedRound>): TalliedRound {
  const { onChain, ...round } = stored;
  return {
    ...round,
    proposals: stored.proposals.map((p) => p ?? undefined),
    evaluations: stored.evaluations.map((e) => e ?? undefined),
    authorOf: stored.authorOf.map((entries) => new Map(entries)),
    ...(onChain && {
      onChain: { scores: onChain.scores.map(BigInt), winnerIndex: onChain.winnerIndex, txHash: onChain.txHash, gasUsed: BigInt(onChain.gasUsed) },
    }),
  };
}

export function loadHalting(stored: StoredHalting): HaltingState {
  return { ...stored };
}

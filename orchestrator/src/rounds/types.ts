// The shapes the round loop shares with what surrounds it (reporters, the CLI, the job worker).
// Kept apart from the loop so nothing imports the loop just for its types; what a round leaves
// behind (state/round-outcome.ts) and the panel (nats/panel-agent.ts) live below the loop.
import type { Address, Hex } from "viem";
import type {
  Budget, BudgetDimension, HaltingConfig, HaltingState, HaltReason, OutcomeLabel, Phase, RoundLevels, Spend,
} from "@concord/agent-sdk/protocol";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ChainContext } from "../chain/chain-context.ts";
import type { Wallet } from "../chain/write-contract.ts";
import type { LivenessTracker } from "../nats/liveness.ts";
import type { Rejection, RejectionKind } from "./collect-phase.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { RoundOutcome, TalliedRound } from "../state/round-outcome.ts";

export interface SessionPlan extends HaltingConfig {
  sessionId: bigint;
  task: string;
  /** In the session's on-chain agent order. */
  panel: readonly PanelAgent[];
  phaseTimeoutMs: number;
  budget?: Budget;
  /** The on-chain submitter: the only one who may force a finalise. */
  submitter?: Address;
  /**
   * The session's round terms (readRoundTerms): fixed at creation, read once, end every packed round;
   * the vote credits the evaluate phase sends and checks ballots against are read from them.
   */
  roundTerms: bigint;
  /** The session's on-chain deadline: with the deployment it names this session's events (event-publisher.ts). */
  deadline?: bigint;
  /** Rounds already on chain when the plan was read (a resumed session's); 0 when absent. */
  roundsRecorded?: number;
}

export interface SessionDeps {
  nc: NatsConnection;
  chain: ChainContext;
  orchestrator: Wallet;
  reporter?: Reporter;
  /** Agents' heartbeats: a round is not started for a panel with an agent known to be down. */
  liveness?: LivenessTracker;
  /** Whether this orchestrator still owns the session (its lock); when false, nothing more is sent. */
  owned?: () => boolean;
  /** Operator log lines (e.g. a failure the chain could not be told of). */
  log?: (line: string) => void;
}

export interface UsageReport {
  total: Spend;
  perRound: Spend[];
  /** Tokens and cost per agent over the session (its proposals and evaluations). */
  perAgent: Record<string, Spend>;
}

export interface HaltSummary {
  round: number;
  /** The halting rule that fired. */
  reason: HaltReason;
  agreement: number;
  confidence: number;
  gain: number;
  cost: number;
  /** How it ended: consensus, majority, tie (with every tied position in `tied`) or no consensus. */
  outcome: OutcomeLabel;
  tied: string[];
  /** For a `budget` halt: the limit the next round would have overrun. */
  overrun?: BudgetDimension;
}

export interface SessionOutcome {
  sessionId: bigint;
  /** Messages refused at the edge, by kind (counted by this owner of the session). */
  rejections: Partial<Record<RejectionKind, number>>;
  usage: UsageReport;
  /** Who was absent from which round, and why: a result from a partial panel says so. */
  absent: { round: number; agent: string; reason: string }[];
  rounds: RoundOutcome[];
  halt: HaltSummary;
  winner: PanelAgent;
  answer: string;
  payouts: bigint[];
  /**
   * Protocol fee, and what the agents' levels left unearned (with rounding), both to the treasury:
   * payouts + fee + unearned = bounty.
   */
  fee: bigint;
  unearned: bigint;
  /**
   * What the payouts were computed from: each round's levels (and present agents) as the chain
   * has them, and L, the session's fair vote (payoutRule explains the payouts with them).
   */
  levels: RoundLevels[];
  fairVote: number;
  settleTxHash: Hex;
  /**
   * The royalty distribution (claimRoyalty per agent), started after settlement and not awaited
   * by the session: resolves with its transactions (none if it failed; the failure is logged).
   */
  royalties: Promise<{ txHashes: Hex[] }>;
}

export interface Reporter {
  roundStarted?(round: number, maxRounds: number): void;
  phaseProgress?(round: number, phase: Phase, answered: number, total: number): void;
  phaseClosed?(round: number, phase: Phase, info: { answered: string[]; missing: string[]; rejected: Rejection[] }): void;
  /** A result refused after its phase closed (a late duplicate, a straggler): counted, never used. */
  lateRejected?(rejection: Rejection & { round: number; phase: Phase }): void;
  /** A round's ballots are tallied (the chain will find the same): the halting state after it. */
  roundTallied?(outcome: TalliedRound, halting: HaltingState): void;
  /** A round's record landed on chain (sent while later rounds ran). */
  roundRecorded?(outcome: RoundOutcome): void;
  settled?(outcome: SessionOutcome): void;
  /** A control message (e.g. finalise) was refused: not the submitter's, or malformed. */
  controlRejected?(reason: string): void;
}

export type { EventPublisher as PublishEvent } from "./event-publisher.ts";

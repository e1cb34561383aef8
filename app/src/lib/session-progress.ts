// Where a running session stands, phase by phase, for the session page's progress line: the round
// in progress and its phase (propose, evaluate, record on chain), then settlement. Every source
// the page has is read and the furthest point wins: the live NATS event (the finest grain, and
// the first to arrive), the transcript (refetched on each event or block) and the chain's record.
// Framework-free.
import type { SessionEvent, SessionTranscript } from "@concord/agent-sdk/protocol";

export type ProgressPhase = "propose" | "evaluate" | "record";
export type StepState = "done" | "active" | "pending";
export type ProgressStep = { readonly key: ProgressPhase | "settle"; readonly label: string; readonly state: StepState };

export type SessionProgress = {
  readonly stage: "waiting" | "running" | "between-rounds" | "settling" | "settled" | "failed";
  /** The round the steps are about; undefined before round 1 starts. */
  readonly round?: number;
  readonly phase?: ProgressPhase;
  readonly maxRounds: number;
  readonly steps: readonly ProgressStep[];
  readonly text: string;
};

export type ProgressParameters = {
  readonly transcript?: SessionTranscript;
  /** The live event of this session furthest along (furthestEvent), if the page is connected. */
  readonly lastEvent?: SessionEvent;
  /** Sessions.roundsRecorded, when read. */
  readonly roundsRecorded?: number;
  readonly maxRounds: number;
  /** The page's status from the chain: Open, Settled, Failed (…), Refunded. */
  readonly chainStatus?: string;
};

const PHASES: readonly ProgressPhase[] = ["propose", "evaluate", "record"];
const RECORDED = 3;
const HALTED = Number.MAX_SAFE_INTEGER - 1;
const SETTLED = Number.MAX_SAFE_INTEGER;

/** A point in the session as one number, so sources compare: round r at phase index i is 4r + i. */
type Point = number;
const at = (round: number, phase: number): Point => round * 4 + phase;

function fromEvent(event: SessionEvent | undefined): Point | "failed" | undefined {
  if (!event) return undefined;
  switch (event.type) {
    case "round-started":
      return at(event.round, 0);
    case "phase-closed":
      // After the propose phase the ballots are gathered; after evaluate (or a partial round's
      // attest) the round goes to the chain.
      return at(event.round, event.phase === "propose" ? 1 : 2);
    case "round-recorded":
      return at(event.round, RECORDED);
    case "halted":
      return HALTED;
    case "session-settled":
      return SETTLED;
    case "session-failed":
      return "failed";
  }
}

/**
 * Of two events of one session, the one further along (the later on a tie): events can arrive
 * out of the session's order (the last round's record is announced after the halt), and the
 * progress line must not move back.
 */
export function furthestEvent(a: SessionEvent | undefined, b: SessionEvent): SessionEvent {
  const rank = (e: SessionEvent | undefined) => {
    const point = fromEvent(e);
    return point === "failed" ? Infinity : point ?? -Infinity;
  };
  return rank(b) >= rank(a) ? b : a!;
}

function fromTranscript(t: SessionTranscript | undefined): Point | "failed" | undefined {
  if (!t) return undefined;
  if (t.status === "failed") return "failed";
  if (t.status === "settled") return SETTLED;
  if (t.halt) return HALTED;
  if (t.current) return at(t.current.round, t.current.stage === "evaluating" ? 1 : 2);
  // Tallied rounds are in `rounds` once deliberation ended, in `sealed` while it runs.
  const last = [...t.rounds, ...(t.sealed ?? [])].at(-1);
  if (!last) return at(1, 0);
  return at(last.round, last.txHash ? RECORDED : 2);
}

export function sessionProgress({ transcript, lastEvent, roundsRecorded, maxRounds, chainStatus }: ProgressParameters): SessionProgress {
  const sources = [fromEvent(lastEvent), fromTranscript(transcript), roundsRecorded ? at(roundsRecorded, RECORDED) : undefined];
  const failed = sources.includes("failed") || (chainStatus !== undefined && chainStatus.startsWith("Failed"));
  const settled = chainStatus === "Settled" || chainStatus === "Refunded";
  const point = Math.max(-1, ...sources.filter((s): s is Point => typeof s === "number"));
  const phaseSteps = (done: number): ProgressStep[] => PHASES.map((key, i) => ({
    key, label: PHASE_LABELS[key], state: i < done ? "done" : i === done ? "active" : "pending",
  }));
  const settle = (state: StepState): ProgressStep => ({ key: "settle", label: "Settle on chain", state });
  if (failed) return { stage: "failed", maxRounds, steps: [], text: "The session failed." };
  if (settled || point === SETTLED) return { stage: "settled", maxRounds, steps: [...phaseSteps(RECORDED), settle("done")], text: "Settled: the payouts are on chain." };
  if (point === HALTED) {
    const round = transcript?.halt?.round ?? (lastEvent?.type === "halted" ? lastEvent.round : roundsRecorded);
    return {
      stage: "settling", ...(round !== undefined && { round }), maxRounds, steps: [...phaseSteps(RECORDED), settle("active")],
      text: `Deliberation stopped${round === undefined ? "" : ` after round ${round}`}: settling the payouts on chain.`,
    };
  }
  if (point < 0) return { stage: "waiting", maxRounds, steps: [...phaseSteps(-1).map((s) => ({ ...s, state: "pending" as const })), settle("pending")], text: "Waiting for the orchestrator to start round 1." };
  const round = Math.floor(point / 4);
  const index = point % 4;
  const of = `Round ${round} of up to ${maxRounds}`;
  if (index === RECORDED) {
    return {
      stage: "between-rounds", round, maxRounds, steps: [...phaseSteps(RECORDED), settle("pending")],
      text: `${of} recorded on chain: deciding whether another round is worth it.`,
    };
  }
  const phase = PHASES[index]!;
  return { stage: "running", round, phase, maxRounds, steps: [...phaseSteps(index), settle("pending")], text: `${of}: ${PHASE_TEXT[phase]}` };
}

const PHASE_LABELS: Record<ProgressPhase, string> = { propose: "Propose", evaluate: "Evaluate", record: "Record on chain" };
const PHASE_TEXT: Record<ProgressPhase, string> = {
  propose: "the agents are writing their proposals.",
  evaluate: "each agent is evaluating the others' proposals.",
  record: "the round's ballots are being recorded on chain.",
};

// What every phase of a round works with: the session's parts, this round's place in it, and who
// has left the round so far. Built once per round, handed to each phase instead of a parameter list.
import type { RoundInProgress } from "../state/snapshot.ts";
import type { AbsentAgent, TalliedRound } from "../state/round-outcome.ts";
import type { PhaseWatcher } from "./collect-phase.ts";
import type { Draws } from "./draws.ts";
import type { PublishEvent, SessionDeps, SessionPlan } from "./types.ts";

export interface RoundProgress {
  /** Phases of this round that completed before a restart: they are not asked again. */
  resume?: RoundInProgress;
  /**
   * Called after each completed phase, before the next one starts; undefined when the session
   * keeps no snapshot, so the next phase's tasks leave without a wait (in one socket write with
   * the events queued before them).
   */
  save(progress: RoundInProgress): Promise<void> | undefined;
  /** The deadline of a phase starting now (its timeout, cut to the wall-clock budget). */
  deadline(): number;
}

/** What the session hands a round. */
export interface RoundSetup {
  deps: SessionDeps;
  plan: SessionPlan;
  round: number;
  /** The last completed round: each proposer's feedback is drawn from it. */
  previous: TalliedRound | undefined;
  publishEvent: PublishEvent;
  progress: RoundProgress;
  /** The session's random draws (masks, peer labels): the same on every owner that resumes it. */
  draws: Draws;
  /** Counts what arrives after a phase closed (late-results.ts). */
  late?: PhaseWatcher;
}

export interface RoundContext extends RoundSetup {
  /** When the round started (performance.now()): its outcome reports the wall time. */
  started: number;
  /** The session id as it goes on the wire. */
  session: string;
  /** The agents out of the round so far, and why, in the order they left. */
  absent: AbsentAgent[];
  /** Takes an agent (by NATS name) out of the round. */
  leave(agent: string, reason: string): void;
}

export function roundContext(setup: RoundSetup): RoundContext {
  const started = performance.now();
  const absent: AbsentAgent[] = [...(setup.progress.resume?.absent ?? [])];
  return {
    ...setup,
    started,
    session: setup.plan.sessionId.toString(),
    absent,
    leave: (agent, reason) => absent.push({ agent, reason }),
  };
}

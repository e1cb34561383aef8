// What the round loop tells the outside world while it runs (terminal, tests, events).
import type { Phase } from "../../../sdk/protocol/subjects.ts";
import type { Rejection } from "./collect-phase.ts";
import type { HaltingState } from "../../../sdk/protocol/halting.ts";
import type { RoundOutcome, SessionOutcome } from "./run-session.ts";

export interface Reporter {
  roundStarted?(round: number, maxRounds: number): void;
  phaseProgress?(round: number, phase: Phase, answered: number, total: number): void;
  phaseClosed?(round: number, phase: Phase, info: { answered: string[]; missing: string[]; rejected: Rejection[] }): void;
  roundRecorded?(outcome: RoundOutcome, halting: HaltingState): void;
  settled?(outcome: SessionOutcome): void;
  /** A control message (e.g. finalise) was refused: not the submitter's, or malformed. */
  controlRejected?(reason: string): void;
}

// One answer per phase of a round: a task asked again gets the same signed bytes, and the same
// phase asked with another task (candidates relabelled, another own proposal, another text) gets
// nothing. Otherwise whoever sends tasks could collect several signed ballots for one round and
// record the one it likes, or make the agent answer twice (equivocation: absent for the phase).
import { ConcordError } from "../protocol/errors.ts";
import { setBounded } from "./bounded-map.ts";

/** Phases whose answer bytes are kept for a resend. */
const ANSWERS_KEPT = 256;
/** Phases remembered as answered (a key and a digest each), long after their bytes are dropped. */
const ANSWERED_KEPT = 65_536;

/** A phase asked again with another task, or after its answer's bytes were dropped: nothing is sent. */
export class PhaseAlreadyAnswered extends ConcordError {}

export class PhaseAnswers {
  /** phase key → the task's digest and its answer. */
  private readonly kept = new Map<string, { task: string; encoded: Promise<Uint8Array> }>();
  /** phase key → the digest of the task it answered. */
  private readonly given = new Map<string, string>();

  /**
   * The answer to `task` (a digest of its content, deadline aside) in `phase` (a key naming the
   * session, round and phase): made once by `make`, then repeated. A failed make is forgotten, so
   * a resend may try again.
   */
  answer(phase: string, task: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const kept = this.kept.get(phase);
    if (kept?.task === task) return kept.encoded;
    const answered = kept?.task ?? this.given.get(phase);
    if (answered !== undefined) {
      const why = answered === task
        ? "its answer is no longer kept to send again"
        : "with another task (other candidates, labels, own proposal or text): it answers each phase once";
      return Promise.reject(new PhaseAlreadyAnswered("PHASE_ALREADY_ANSWERED", `${phase} was answered already, ${why}`));
    }
    const encoded = make();
    setBounded(this.kept, phase, { task, encoded }, ANSWERS_KEPT);
    setBounded(this.given, phase, task, ANSWERED_KEPT);
    encoded.catch(() => {
      // This phase's only try failed (its bytes may have been dropped from `kept` meanwhile).
      if (this.kept.get(phase)?.encoded === encoded) this.kept.delete(phase);
      if (!this.kept.has(phase) && this.given.get(phase) === task) this.given.delete(phase);
    });
    return encoded;
  }

  /** Whether `phase` has an answer, made or being made. */
  answered(phase: string): boolean {
    return this.kept.has(phase) || this.given.has(phase);
  }
}

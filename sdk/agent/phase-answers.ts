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
  private readonly answered = new Map<string, string>();

  /**
   * The answer to `task` (a digest of its content, deadline aside) in `phase` (a key naming the
   * session, round and phase): made once by `make`, then repeated. A failed make is forgotten, so
   * a resend may try again.
   */
  answer(phase: string, task: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const kept = this.kept.get(phase);
    if (kept?.task === task) return kept.encoded;
    const answered = kept?.task ?? this.answered.get(phase);
    if (answered !== undefined) {
      const why = answered === task
        ? "its answer is no longer kept to send again"
        : "with another task (other candidates, labels, own proposal or text): it answers each phase once";
      return Promise.reject(new PhaseAlreadyAnswered("PHASE_ALREADY_ANSWERED", `${phase} was answered already, ${why}`));
    }
    const encoded = make();
    setBounded(this.kept, phase, { task, encoded }, ANSWERS_KEPT);
    setBounded(this.answered, phase, task, ANSWERED_KEPT);
    encoded.catch(() => {
      if (this.kept.get(phase)?.encoded !== encoded) return;
      this.kept.delete(phase);
      this.answered.delete(phase);
    });
    return encoded;
  }
}

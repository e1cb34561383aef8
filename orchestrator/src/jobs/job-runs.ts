// The sessions one job worker runs now, each with every delivery of its job it answers for. A job
// redelivered while its session runs here (the run's progress signals stopped in an outage or a
// stall, then its lease came back) joins that run instead of starting a second one: a second run
// would ask the agents again and send the chain the same calls twice.

/** What a run does with a delivery of its job (a JetStream message: JsMsg has these). */
export interface JobDelivery {
  working(): void;
}

/** One session's run: the deliveries of its job, and how they end once the run has decided. */
export class JobRun<M extends JobDelivery> {
  readonly deliveries = new Set<M>();
  #end?: (msg: M) => void;

  constructor(first: M) {
    this.deliveries.add(first);
  }

  /** Whether the run has decided how its job ends. */
  get decided(): boolean {
    return this.#end !== undefined;
  }

  /** Ends every delivery so far with `end`, and any that joins later too, at once. */
  endWith(end: (msg: M) => void): void {
    this.#end = end;
    for (const msg of this.deliveries) end(msg);
  }

  /** Tells the server every delivery is still being worked on. */
  signal(): void {
    for (const msg of this.deliveries) msg.working();
  }

  /** A later delivery of the same job: ended as the run ended, or answered for from now on. */
  join(msg: M): void {
    if (this.#end) {
      this.#end(msg);
      return;
    }
    this.deliveries.add(msg);
    msg.working();
  }
}

export class JobRuns<M extends JobDelivery> {
  readonly #runs = new Map<string, JobRun<M>>();

  /**
   * The run a delivery of session `sessionId`'s job belongs to: `joined` when one was under way
   * here (the delivery is now that run's), otherwise a new run the caller must `finish`.
   */
  take(sessionId: string, msg: M): { run: JobRun<M>; joined: boolean } {
    const under = this.#runs.get(sessionId);
    if (under) {
      under.join(msg);
      return { run: under, joined: true };
    }
    const run = new JobRun(msg);
    this.#runs.set(sessionId, run);
    return { run, joined: false };
  }

  /** The run is over (its lock released): a later delivery starts a new one. */
  finish(sessionId: string, run: JobRun<M>): void {
    if (this.#runs.get(sessionId) === run) this.#runs.delete(sessionId);
  }

  get size(): number {
    return this.#runs.size;
  }
}

// The suite's clock: short phases and slow-enough agents so a round lasts about a second and the
// whole suite fits in a few minutes on two cores. Each may be lengthened by the environment
// (a soak run, a slower machine).
const ms = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const FAULT_TIMING = {
  /** How long each simulated agent takes to answer a task. */
  agentDelayMs: ms("FAULT_AGENT_DELAY_MS", 300),
  /** The jobs' phase deadline, except where a case needs the default 30 s one. */
  phaseTimeoutMs: ms("FAULT_PHASE_TIMEOUT_MS", 4_000),
  /** Job redelivery without progress signals; a dead orchestrator's job comes back after this. */
  ackWaitMs: ms("FAULT_ACK_WAIT_MS", 1_500),
  /** A dead (or frozen) owner's session lock expires after this. */
  lockTtlMs: ms("FAULT_LOCK_TTL_MS", 1_000),
  /** Seconds a round recorded with absent agents stays open to dispute (sessions' absenceGrace). */
  absenceGraceS: ms("FAULT_ABSENCE_GRACE_S", 1),
  /** The longest one case may wait for its sessions to end. */
  caseDeadlineMs: ms("FAULT_CASE_DEADLINE_MS", 60_000),
};

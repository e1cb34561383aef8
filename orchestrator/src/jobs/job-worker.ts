// Takes jobs from the shared work queue, owns each session through a KV lock, and runs it to
// settlement, resuming from the last completed phase when a previous owner died or froze
// mid-session. An owner whose lock lapsed stops that session without a word and leaves its job
// alone: the job is redelivered once its ack wait passes without progress signals, and whoever
// takes it resumes from the snapshot. A job redelivered to the worker that still runs it (its
// signals stopped in an outage or a stall, then its lease came back) joins the run under way: one
// session never runs twice in one process.
import { jetstream, type JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { keccak256, stringToBytes, type Address } from "viem";
import {
  ConcordError, decodeMessage, revertName, sessionJob, type SessionJob, sessionStatusCode, streams,
} from "@concord/agent-sdk/protocol";
import { readSession } from "../chain/actions/index.ts";
import type { ChainContext } from "../chain/chain-context.ts";
import type { Wallet } from "../chain/write-contract.ts";
import { runSession } from "../rounds/run-session.ts";
import { failUnstarted } from "./fail-unstarted.ts";
import { type JobRun, JobRuns } from "./job-runs.ts";
import type { Reporter, SessionOutcome, SessionPlan } from "../rounds/types.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import { openSessionLocks } from "../state/session-lock.ts";
import { openSessionStore } from "../state/session-store.ts";
import type { LivenessTracker } from "../nats/liveness.ts";
import { livenessOf } from "../nats/heartbeat-directory.ts";
import { agentNamesForSigners } from "../nats/resolve-agents.ts";
import type { SessionSnapshot } from "../state/snapshot.ts";
import { originOf, type SnapshotOrigin, staleReason } from "../state/snapshot-origin.ts";
import { isSessionLost } from "../rounds/ownership.ts";

export interface JobWorkerOptions {
  nc: NatsConnection;
  chain: ChainContext;
  orchestrator: Wallet;
  /** This orchestrator's identity in session locks. */
  owner: string;
  /** A crashed owner's sessions become free this long after its last refresh. */
  lockTtlMs?: number;
  /** The consumer's ack wait: progress signals are sent well within it. */
  jobAckWaitMs?: number;
  /** How long to listen for heartbeats naming a session's agents not heard yet (they beat every 2 s). */
  heartbeatWindowMs?: number;
  /** Sessions run at once by this worker. */
  concurrency?: number;
  /** Copies of the state and lock buckets in a JetStream cluster, when this worker creates them (default 1). */
  replicas?: number;
  reporterFor?: (job: SessionJob, panel: readonly PanelAgent[]) => Reporter | undefined;
  onSettled?: (outcome: SessionOutcome) => void;
  /** `error` is what failed: a ConcordError's code says why (e.g. TASK_HASH_MISMATCH). */
  onFailed?: (sessionId: string, reason: string, error: unknown) => void;
  log?: (line: string) => void;
}

/** How long one pull waits for jobs before the loop looks again (and how long stop may wait for it). */
const FETCH_EXPIRES_MS = 1_000;

export interface JobWorker {
  /**
   * Resolves when the NATS connection is closed for good while the worker runs (an outage is
   * waited out; this is the server refusing it, or someone closing it): no job can be taken or
   * finished any more, so whoever runs the worker should stop and say why.
   */
  lost: Promise<Error>;
  stop(): Promise<void>;
}

export async function startJobWorker(options: JobWorkerOptions): Promise<JobWorker> {
  const log = options.log ?? (() => {});
  const lockTtlMs = options.lockTtlMs ?? 15_000;
  const ackWaitMs = options.jobAckWaitMs ?? 30_000;
  const scope = options.chain.deployment;
  const [locks, store] = await Promise.all([
    openSessionLocks(options.nc, options.owner, lockTtlMs, scope, options.replicas), openSessionStore(options.nc, scope, options.replicas),
  ]);
  const consumer = await jetstream(options.nc).consumers.get(streams.jobs.name, streams.jobs.consumer);
  const concurrency = options.concurrency ?? 4;
  // The connection's one heartbeat subscription, shared with lookups on it (resolve-agents.ts).
  const liveness = livenessOf(options.nc);
  const running = new Set<Promise<void>>();
  /** Royalty distributions still running after their sessions settled: stop waits for them. */
  const royalties = new Set<Promise<unknown>>();
  /** Per session this worker runs now: the job's deliveries it answers for (more than one after a redelivery). */
  const runs = new JobRuns<JsMsg>();
  let stopping = false;

  async function handle(msg: JsMsg): Promise<void> {
    let job: SessionJob;
    try {
      job = decodeMessage(sessionJob, msg.data);
    } catch (error) {
      log(`refused a malformed job: ${(error as Error).message}`);
      terminate(msg);
      return;
    }
    const { run, joined } = runs.take(job.sessionId, msg);
    if (joined) {
      log(`session ${job.sessionId}: its job came again while it runs here; the run under way answers for it`);
      return;
    }
    try {
      await runJob(job, run);
    } finally {
      runs.finish(job.sessionId, run);
    }
  }

  /** Runs a job's session under its lock; every delivery of the job is acked or ended with it. */
  async function runJob(job: SessionJob, run: JobRun<JsMsg>): Promise<void> {
    const lock = await locks.acquire(job.sessionId);
    if (!lock) {
      // Someone alive owns it; look again once its lock could have expired.
      run.endWith((msg) => msg.nak(lockTtlMs));
      return;
    }
    // Progress signals only while the lock is held: a lapsed owner lets the job be redelivered.
    const progress = setInterval(() => {
      if (lock.held()) run.signal();
    }, Math.max(100, Math.floor(ackWaitMs / 3)));
    try {
      let planned: Awaited<ReturnType<typeof planFor>>;
      try {
        planned = await planFor(options, job, await store.load(job.sessionId), liveness, log);
      } catch (error) {
        if (!passing(error)) throw error;
        // Nothing of the session ran: the job comes back to this or another orchestrator (at most
        // the consumer's max_deliver times) rather than end for a moment's outage.
        log(`session ${job.sessionId}: could not read its plan (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); the job comes back in ${PLAN_RETRY_MS / 1000} s`);
        run.endWith((msg) => msg.nak(PLAN_RETRY_MS));
        return;
      }
      const { plan, resume, origin } = planned;
      if (resume?.failed) throw new ConcordError("ROUND_INCOMPLETE", `session ${job.sessionId} failed before: ${resume.failed}`);
      if (resume) {
        const unsent = resume.rounds.filter((r) => !r.onChain).length;
        log(`resuming session ${job.sessionId} after round ${resume.rounds.length}${resume.current ? ` (round ${resume.current.round} in progress)` : ""}` +
          (unsent > 0 ? `; ${unsent} round record(s) to send first` : ""));
      }
      const outcome = await runSession(
        {
          nc: options.nc, chain: options.chain, orchestrator: options.orchestrator, reporter: options.reporterFor?.(job, plan.panel), liveness, log,
          owned: lock.held,
        },
        plan,
        { resume, save: (snapshot) => store.save({ ...snapshot, origin }) },
      );
      if (!lock.held()) throw new ConcordError("SESSION_LOST", `session ${job.sessionId}: the lock lapsed as it settled`);
      run.endWith((msg) => msg.ack());
      const distributing = outcome.royalties
        .then(({ txHashes }) => log(`session ${job.sessionId}: royalties distributed to recipients (${txHashes.length} transaction(s))`))
        .finally(() => royalties.delete(distributing));
      royalties.add(distributing);
      options.onSettled?.(outcome);
    } catch (error) {
      if (isSessionLost(error)) {
        // Another orchestrator owns it now (or will, once the job is redelivered): no ack, no word.
        // Flushed first, so that whatever was sent before is on the server when the log says so.
        await options.nc.flush().catch(() => {});
        log(`lost session ${job.sessionId}: ${(error as Error).message}; stopped it`);
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      log(`session ${job.sessionId} failed: ${reason}`);
      run.endWith(terminate);
      // Its agents are gone before a round could start: the chain is told, so the bounty is not locked till the deadline.
      if (error instanceof ConcordError && error.code === "AGENT_NOT_LIVE") {
        await failUnstarted({ nc: options.nc, chain: options.chain, orchestrator: options.orchestrator, log }, job.sessionId, reason)
          .catch((cause: unknown) => log(`session ${job.sessionId}: could not declare the failure: ${cause instanceof Error ? cause.message : String(cause)}`));
      }
      options.onFailed?.(job.sessionId, reason, error);
    } finally {
      clearInterval(progress);
      await lock.release();
    }
  }

  // Jobs are pulled only into free slots: at most `concurrency` sessions run, and a job this
  // worker has no room for stays in the queue for another orchestrator (no ack timer runs on it).
  const lost = new Promise<Error>((resolve) => {
    void options.nc.closed().then((error) => {
      if (!stopping) resolve(error instanceof Error ? error : new Error("the NATS connection was closed"));
    });
  });
  const loop = (async () => {
    while (!stopping && !options.nc.isClosed()) {
      if (running.size >= concurrency) {
        await Promise.race(running);
        continue;
      }
      try {
        const batch = await consumer.fetch({ max_messages: concurrency - running.size, expires: FETCH_EXPIRES_MS });
        for await (const msg of batch) {
          const job = handle(msg)
            .catch((error: unknown) => log(`job on ${msg.subject} stopped: ${error instanceof Error ? error.message : String(error)}`))
            .finally(() => running.delete(job));
          running.add(job);
        }
      } catch (error) {
        // NATS unreachable or the consumer gone: say so and look again after a pause.
        log(`could not pull jobs: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, FETCH_EXPIRES_MS));
      }
    }
  })();

  return {
    lost,
    async stop() {
      stopping = true;
      await loop;
      await Promise.allSettled([...running]);
      await Promise.allSettled([...royalties]);
    },
  };
}

/** How long a job whose plan could not be read waits before it is delivered again. */
export const PLAN_RETRY_MS = 2_000;

/**
 * Whether a failure to read a session's plan may pass: not an answer about the session (a
 * ConcordError saying what is wrong with it, or a revert such as UnknownSession), but a node, a
 * server or a connection that did not answer.
 */
function passing(error: unknown): boolean {
  if (error instanceof ConcordError) return error.code === "CHAIN_UNREACHABLE";
  return revertName(error) === undefined;
}

/**
 * The session's plan: the job's task and how to run it, everything else from the chain, read once
 * here (the panel, round limits, round terms, submitter). The task must be the session's, and the
 * session open (or settled: a previous owner died before saving the end).
 */
async function planFor(
  options: JobWorkerOptions, job: SessionJob, stored: SessionSnapshot | undefined, liveness: LivenessTracker, log: (line: string) => void,
): Promise<{ plan: SessionPlan; resume?: SessionSnapshot; origin: SnapshotOrigin }> {
  const sessionId = BigInt(job.sessionId);
  // One read for the whole plan: the session, its agents, signers and round terms.
  const session = await readSession(options.chain, { sessionId });
  if (session.taskHash !== keccak256(stringToBytes(job.task))) {
    throw new ConcordError("TASK_HASH_MISMATCH", `job task does not match session ${job.sessionId}'s task hash`);
  }
  if (session.status !== sessionStatusCode("Open") && session.status !== sessionStatusCode("Settled")) {
    throw new ConcordError("SESSION_NOT_OPEN", `session ${job.sessionId} is not open`);
  }
  // A snapshot under this key written for another session (a redeployed devnet) is never resumed.
  const stale = stored && staleReason(stored, session);
  if (stale) log(`ignoring the stored snapshot of session ${job.sessionId}: ${stale}`);
  const resume = stale ? undefined : stored;
  const names = await agentNames(options, session.signers, resume, liveness);
  const panel: PanelAgent[] = session.signers.map((signer, i) => ({ name: names[i]!, agentId: session.agentIds[i]!, signer }));
  const plan: SessionPlan = {
    sessionId, task: job.task, panel, minRounds: session.minRounds, maxRounds: session.maxRounds, effort: job.effort,
    phaseTimeoutMs: job.budget.phaseTimeoutMs, budget: job.budget, submitter: session.submitter,
    roundTerms: session.roundTerms, roundsRecorded: session.roundsRecorded, deadline: session.deadline,
  };
  return { plan, resume, origin: originOf(session) };
}

/**
 * The agents' NATS names, in on-chain order: a resumed session's from its snapshot, otherwise
 * from the agents' signed heartbeats (a heartbeat is signed by the key it announces).
 */
async function agentNames(
  options: JobWorkerOptions, signers: readonly Address[], resume: SessionSnapshot | undefined, liveness: LivenessTracker,
): Promise<string[]> {
  if (resume?.agents?.length === signers.length) return resume.agents!;
  const names = signers.map((signer) => liveness.nameOf(signer));
  const unheard = signers.flatMap((_, i) => (names[i] === undefined ? [i] : []));
  if (unheard.length > 0) {
    const heard = await agentNamesForSigners(options.nc, unheard.map((i) => signers[i]!), options.heartbeatWindowMs ?? 5_000);
    unheard.forEach((i, k) => (names[i] = heard[k]));
  }
  const missing = signers.filter((_, i) => names[i] === undefined);
  if (missing.length > 0) {
    throw new ConcordError("AGENT_NOT_LIVE", `no heartbeat from the agent(s) signing with ${missing.join(", ")}`);
  }
  return names as string[];
}

/**
 * Ends a job for good. A plain terminate: nats-server 2.9 ignores one that carries a reason and
 * redelivers the job after the ack wait, which would fail it again and again. The reason is in
 * the log and in the session's snapshot.
 */
function terminate(msg: JsMsg): void {
  msg.term();
}

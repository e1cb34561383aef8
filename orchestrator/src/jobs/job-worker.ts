// Takes jobs from the shared work queue, owns each session through a KV lock, and runs it to
// settlement, resuming from the last completed phase when a previous owner died mid-session.
import { jetstream, type JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { keccak256, stringToBytes } from "viem";
import {
  ConcordError, decodeMessage, sessionJob, type SessionJob, sessionStatusCode, streams,
} from "@concord/agent-sdk/protocol";
import { readSession, type ChainContext } from "../chain/sessions-client.ts";
import type { Wallet } from "../chain/write-contract.ts";
import { runSession } from "../rounds/run-session.ts";
import type { SessionOutcome } from "../rounds/types.ts";
import type { Reporter } from "../rounds/types.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import { openSessionLocks } from "../state/session-lock.ts";
import { openSessionStore } from "../state/session-store.ts";
import { trackLiveness } from "../nats/liveness.ts";

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
  /** Sessions run at once by this worker. */
  concurrency?: number;
  reporterFor?: (job: SessionJob, panel: readonly PanelAgent[]) => Reporter | undefined;
  onSettled?: (outcome: SessionOutcome) => void;
  onFailed?: (sessionId: string, reason: string) => void;
  log?: (line: string) => void;
}

export interface JobWorker {
  stop(): Promise<void>;
}

export async function startJobWorker(options: JobWorkerOptions): Promise<JobWorker> {
  const log = options.log ?? (() => {});
  const lockTtlMs = options.lockTtlMs ?? 15_000;
  const ackWaitMs = options.jobAckWaitMs ?? 30_000;
  const [locks, store] = await Promise.all([openSessionLocks(options.nc, options.owner, lockTtlMs), openSessionStore(options.nc)]);
  const consumer = await jetstream(options.nc).consumers.get(streams.jobs.name, streams.jobs.consumer);
  const messages = await consumer.consume({ max_messages: options.concurrency ?? 4 });
  const liveness = trackLiveness(options.nc);
  const running = new Set<Promise<void>>();

  async function handle(msg: JsMsg): Promise<void> {
    let job: SessionJob;
    try {
      job = decodeMessage(sessionJob, msg.data);
    } catch (error) {
      log(`refused a malformed job: ${(error as Error).message}`);
      msg.term("malformed job");
      return;
    }
    const lock = await locks.acquire(job.sessionId);
    if (!lock) {
      // Someone alive owns it; look again once its lock could have expired.
      msg.nak(lockTtlMs);
      return;
    }
    const progress = setInterval(() => msg.working(), Math.max(100, Math.floor(ackWaitMs / 3)));
    try {
      const resume = await store.load(job.sessionId);
      if (resume?.failed) throw new ConcordError("ROUND_INCOMPLETE", `session ${job.sessionId} failed before: ${resume.failed}`);
      const { panel, submitter } = await panelFor(options.chain, job);
      if (resume) log(`resuming session ${job.sessionId} after round ${resume.rounds.length}${resume.current ? ` (round ${resume.current.round} in progress)` : ""}`);
      const outcome = await runSession(
        { nc: options.nc, chain: options.chain, orchestrator: options.orchestrator, reporter: options.reporterFor?.(job, panel), liveness },
        { ...job, sessionId: BigInt(job.sessionId), panel, submitter },
        { resume, save: (snapshot) => store.save(snapshot) },
      );
      msg.ack();
      options.onSettled?.(outcome);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`session ${job.sessionId} failed: ${reason}`);
      msg.term(reason.slice(0, 200));
      options.onFailed?.(job.sessionId, reason);
    } finally {
      clearInterval(progress);
      await lock.release();
    }
  }

  const loop = (async () => {
    for await (const msg of messages) {
      const job = handle(msg).finally(() => running.delete(job));
      running.add(job);
    }
  })();

  return {
    async stop() {
      await messages.close();
      await loop;
      liveness.close();
      await Promise.allSettled([...running]);
    },
  };
}

/** The job's panel, checked against the chain: the task, the agent count, and an open session. */
async function panelFor(chain: ChainContext, job: SessionJob) {
  const session = await readSession(chain, BigInt(job.sessionId));
  if (session.taskHash !== keccak256(stringToBytes(job.task))) {
    throw new ConcordError("CONFIG_INVALID", `job task does not match session ${job.sessionId}'s task hash`);
  }
  if (session.status !== sessionStatusCode("Open") && session.status !== sessionStatusCode("Settled")) {
    throw new ConcordError("CONFIG_INVALID", `session ${job.sessionId} is not open`);
  }
  if (session.agentIds.length !== job.agents.length) {
    throw new ConcordError("CONFIG_INVALID", `job names ${job.agents.length} agents, session ${job.sessionId} has ${session.agentIds.length}`);
  }
  if (job.maxRounds > session.maxRounds) {
    throw new ConcordError("CONFIG_INVALID", `job asks for ${job.maxRounds} rounds, session ${job.sessionId} allows ${session.maxRounds}`);
  }
  const panel: PanelAgent[] = job.agents.map((name, i) => ({ name, agentId: session.agentIds[i]!, signer: session.signers[i]! }));
  return { panel, submitter: session.submitter };
}

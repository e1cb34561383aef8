// Puts a session's job on the work queue. The message id makes a repeated submit a no-op: within
// the jobs stream's duplicate window (10 minutes, nats/streams.ts) JetStream drops a second job
// for the same session and says so (`duplicate`), whatever that job's effort.
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { encodeTrusted, sessionJob, type SessionJob, subjects } from "@concord/agent-sdk/protocol";
import type { z } from "zod";
import { type SessionInstance, sessionInstanceKey } from "../state/session-key.ts";

export type QueuedJob = SessionJob & {
  /** True when a job for this session was already queued: this one was dropped, nothing changed. */
  readonly duplicate: boolean;
};

/**
 * `instance`: which on-chain session (chain, contract, deadline), in the message id, so that a new
 * chain's session is never dropped as a repeat of an old chain's session of the same id (a devnet
 * started afresh under the same NATS). Every submitter that knows it gives it.
 */
export async function submitJob(nc: NatsConnection, job: z.input<typeof sessionJob>, instance?: SessionInstance): Promise<QueuedJob> {
  const parsed = sessionJob.parse(job);
  const id = instance ? sessionInstanceKey(instance, parsed.sessionId) : parsed.sessionId;
  const ack = await jetstream(nc).publish(subjects.jobSubmit(), encodeTrusted(sessionJob, parsed), { msgID: `job.${id}` });
  return { ...parsed, duplicate: ack.duplicate };
}

// Puts a session's job on the work queue. The message id makes a repeated submit a no-op: within
// the jobs stream's duplicate window (10 minutes, nats/streams.ts) JetStream drops a second job
// for the same session and says so (`duplicate`), whatever that job's effort.
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { encodeMessage, sessionJob, type SessionJob, subjects } from "@concord/agent-sdk/protocol";
import type { z } from "zod";

export type QueuedJob = SessionJob & {
  /** True when a job for this session was already queued: this one was dropped, nothing changed. */
  readonly duplicate: boolean;
};

export async function submitJob(nc: NatsConnection, job: z.input<typeof sessionJob>): Promise<QueuedJob> {
  const parsed = sessionJob.parse(job);
  const ack = await jetstream(nc).publish(subjects.jobSubmit(), encodeMessage(sessionJob, parsed), { msgID: `job.${parsed.sessionId}` });
  return { ...parsed, duplicate: ack.duplicate };
}

// Puts a session's job on the work queue. The message id makes a repeated submit a no-op.
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { encodeMessage, sessionJob, type SessionJob, subjects } from "@concord/agent-sdk/protocol";
import type { z } from "zod";

export async function submitJob(nc: NatsConnection, job: z.input<typeof sessionJob>): Promise<SessionJob> {
  const parsed = sessionJob.parse(job);
  await jetstream(nc).publish(subjects.jobSubmit(), encodeMessage(sessionJob, parsed), { msgID: `job.${parsed.sessionId}` });
  return parsed;
}

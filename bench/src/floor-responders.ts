// The floors' agent side, run in each agent's process: one responder answers a core NATS task with
// a core reply (the core floor), the other publishes its answer to a JetStream stream and awaits
// the stream's ack, as a protocol agent publishes its result (the JetStream floor), with the same
// publish (one ack inbox per connection, no request object or Error per publish) and connection
// options as the agents. A task's subject ends with the size of the answer it wants, so a
// responder needs no configuration.
import { connect, type ConnectionOptions, type NatsConnection } from "@nats-io/transport-node";
import { publishToStream } from "@concord/agent-sdk/agent";
import { NATS_RECONNECT } from "@concord/agent-sdk/protocol";

/** Core floor tasks: `bench.raw.{n}.{i}.{replyBytes}`, answered on the task's reply subject. */
export const coreTaskSubject = (n: number, i: number, replyBytes: number) => `bench.raw.${n}.${i}.${replyBytes}`;
/** JetStream floor tasks: `bench.jstask.{n}.{i}.{replyBytes}`; the answer goes to `{reply}.{i}`, stored and acked. */
export const jsTaskSubject = (n: number, i: number, replyBytes: number) => `bench.jstask.${n}.${i}.${replyBytes}`;
/** The stream the JetStream floor's answers go to (file storage, as the protocol's results). */
export const FLOOR_STREAM = { name: "BENCH_FLOOR", subjects: ["bench.jsfloor.>"] } as const;

const replyBytes = (subject: string) => Number(subject.slice(subject.lastIndexOf(".") + 1));

/** Both responders for agent `i` of a panel of `n`, on one connection of their own. */
export async function startFloorResponders(options: ConnectionOptions, n: number, i: number): Promise<NatsConnection> {
  const c = await connect({ ...NATS_RECONNECT, ...options });
  c.subscribe(`bench.raw.${n}.${i}.*`, {
    callback: (_e, m) => c.publish(m.reply!, new Uint8Array(replyBytes(m.subject))),
  });
  c.subscribe(`bench.jstask.${n}.${i}.*`, {
    callback: (_e, m) => {
      const subject = `${m.reply!}.${i}`;
      // Awaited like an agent's publishUntil: the answer counts once the stream holds it.
      void publishToStream(c, subject, new Uint8Array(replyBytes(m.subject)), { msgID: subject, timeoutMs: 5_000 }).catch(() => {});
    },
  });
  await c.flush();
  return c;
}

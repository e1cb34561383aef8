// The raw NATS side of the overhead bench: the message sizes of a real round, seen on the wire, and
// a round's fan-out/fan-in with messages of those sizes and nothing else (no signatures, no
// JetStream, no chain), answered by responders on their own connections.
import { connect, type ConnectionOptions, type NatsConnection } from "@nats-io/transport-node";

export type Sizes = { proposeTask: number; proposeResult: number; evaluateTask: number; evaluateResult: number };

/** Sizes of the messages of one round, seen on the wire (admin connection, warm-up session only). */
export function watchSizes(nc: NatsConnection) {
  const seen: Record<string, number[]> = {};
  const sub = nc.subscribe("nsed.*.>");
  void (async () => {
    for await (const m of sub) {
      const parts = m.subject.split(".");
      const key = parts[2] === "task" ? `${parts[4]}Task` : parts[2] === "result" ? `${parts[5]}Result` : undefined;
      if (key) (seen[key] ??= []).push(m.data.length + (m.headers ? m.headers.toString().length : 0));
    }
  })();
  const avg = (k: string) => Math.round((seen[k] ?? [0]).reduce((a, b) => a + b, 0) / Math.max(1, seen[k]?.length ?? 0));
  return {
    stop: (): Sizes => {
      sub.unsubscribe();
      return { proposeTask: avg("proposeTask"), proposeResult: avg("proposeResult"), evaluateTask: avg("evaluateTask"), evaluateResult: avg("evaluateResult") };
    },
  };
}

/** Raw NATS: N task-sized messages out to N responders, N result-sized replies back, twice. */
export async function rawRound(nc: NatsConnection, inbox: string, n: number, sizes: Sizes, tag: number): Promise<number> {
  const start = performance.now();
  for (const [phase, task] of [["p", sizes.proposeTask], ["e", sizes.evaluateTask]] as const) {
    const payload = new Uint8Array(task);
    let left = n;
    const all = new Promise<void>((resolve) => {
      const sub = nc.subscribe(`${inbox}.${tag}.${phase}`, {
        callback: () => {
          if (--left === 0) {
            sub.unsubscribe();
            resolve();
          }
        },
      });
    });
    for (let i = 0; i < n; i++) nc.publish(`bench.raw.${n}.${i}`, payload, { reply: `${inbox}.${tag}.${phase}` });
    await all;
  }
  return performance.now() - start;
}

/** N responders, one connection each, replying to each raw task with a result-sized message. */
export async function startRawResponders(options: ConnectionOptions, n: number, sizes: Sizes): Promise<NatsConnection[]> {
  const connections: NatsConnection[] = [];
  for (let i = 0; i < n; i++) {
    const c = await connect(options);
    const proposeReply = new Uint8Array(sizes.proposeResult);
    const evaluateReply = new Uint8Array(sizes.evaluateResult);
    c.subscribe(`bench.raw.${n}.${i}`, {
      callback: (_e, m) => c.publish(m.reply!, m.reply!.endsWith(".p") ? proposeReply : evaluateReply),
    });
    await c.flush();
    connections.push(c);
  }
  return connections;
}

// The floors of the overhead bench: the message sizes of a real round, seen on the wire, and a
// round's fan-out/fan-in with messages of those sizes and nothing else (no signatures, no checks,
// no chain), answered by responders in the agents' processes (floor-responders.ts).
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, StorageType } from "@nats-io/jetstream";
import { coreTaskSubject, FLOOR_STREAM, jsTaskSubject } from "./floor-responders.ts";

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

/**
 * One round of a floor: N task-sized messages out over core NATS, N result-sized answers back,
 * then the same with the evaluate sizes. `core`: answered on the reply subject (no acks). `jetstream`:
 * each answer published to the floor's stream and acked there, received here on a core
 * subscription, as the orchestrator receives the protocol's results.
 */
export async function floorRound(nc: NatsConnection, kind: "core" | "jetstream", n: number, sizes: Sizes, tag: number): Promise<number> {
  const start = performance.now();
  for (const [phase, task, result] of [["p", sizes.proposeTask, sizes.proposeResult], ["e", sizes.evaluateTask, sizes.evaluateResult]] as const) {
    const payload = new Uint8Array(task);
    const reply = kind === "core" ? `bench.inbox.${n}.${tag}.${phase}` : `bench.jsfloor.${n}.${tag}.${phase}`;
    let left = n;
    const all = new Promise<void>((resolve) => {
      const sub = nc.subscribe(kind === "core" ? reply : `${reply}.*`, {
        callback: () => {
          if (--left === 0) {
            sub.unsubscribe();
            resolve();
          }
        },
      });
    });
    const subject = kind === "core" ? coreTaskSubject : jsTaskSubject;
    for (let i = 0; i < n; i++) nc.publish(subject(n, i, result), payload, { reply });
    await all;
  }
  return performance.now() - start;
}

/** The stream the JetStream floor's answers are stored in, created (or emptied) before a run. */
export async function ensureFloorStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: FLOOR_STREAM.name, subjects: [...FLOOR_STREAM.subjects], storage: StorageType.File });
}

// The floors of the overhead bench: the message sizes of a real round, seen on the wire, and a
// round's fan-out/fan-in with messages of those sizes and nothing else (no checks, no chain; the
// checked floor adds the protocol's signatures, made and checked), answered by responders in the
// agents' processes (floor-responders.ts).
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, StorageType } from "@nats-io/jetstream";
import { bytesToHex, type Address } from "viem";
import { SIGNATURE_HEADER, type SessionsContractRef } from "@concord/agent-sdk/protocol";
import { verifyBallot, verifySignedPayload } from "@concord/orchestrator/crypto/known-signers.ts";
import { checkedTaskSubject, coreTaskSubject, FLOOR_BALLOT, FLOOR_STREAM, jsTaskSubject } from "./floor-responders.ts";

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

/** Who signs the checked floor's answers: agent i's address, and the contract its ballots name. */
export interface FloorCheck {
  signers: readonly Address[];
  contract: SessionsContractRef;
}

/**
 * One round of a floor: N task-sized messages out over core NATS, N result-sized answers back,
 * then the same with the evaluate sizes. `core`: answered on the reply subject (no acks). `jetstream`:
 * each answer published to the floor's stream and acked there, received here on a core
 * subscription, as the orchestrator receives the protocol's results. `checked`: as `jetstream`,
 * every answer's header signature checked here against its agent's address, and an evaluate
 * answer's ballot signature too (3 signatures per agent a round, made and checked, as the protocol's).
 */
export async function floorRound(nc: NatsConnection, kind: "core" | "jetstream" | "checked", n: number, sizes: Sizes, tag: number, check?: FloorCheck): Promise<number> {
  if (kind === "checked" && !check) throw new Error("the checked floor needs the agents' addresses");
  const start = performance.now();
  for (const [phase, task, result] of [["p", sizes.proposeTask, sizes.proposeResult], ["e", sizes.evaluateTask, sizes.evaluateResult]] as const) {
    const payload = new Uint8Array(task);
    const reply = kind === "core" ? `bench.inbox.${n}.${tag}.${phase}` : `bench.jsfloor.${n}.${tag}.${kind === "checked" ? "c" : ""}${phase}`;
    let left = n;
    const all = new Promise<void>((resolve, reject) => {
      const sub = nc.subscribe(kind === "core" ? reply : `${reply}.*`, {
        callback: (_e, m) => {
          if (check) {
            try {
              const signer = check.signers[Number(m.subject.slice(m.subject.lastIndexOf(".") + 1))]!;
              verifySignedPayload(m.data, m.headers?.get(SIGNATURE_HEADER), signer);
              if (phase === "e") verifyBallot(check.contract, FLOOR_BALLOT, bytesToHex(m.data.subarray(0, 65)), signer);
            } catch (error) {
              sub.unsubscribe();
              return reject(error);
            }
          }
          if (--left === 0) {
            sub.unsubscribe();
            resolve();
          }
        },
      });
    });
    for (let i = 0; i < n; i++) {
      const subject = kind === "core" ? coreTaskSubject(n, i, result) : kind === "jetstream" ? jsTaskSubject(n, i, result) : checkedTaskSubject(n, i, phase, result);
      nc.publish(subject, payload, { reply });
    }
    await all;
  }
  return performance.now() - start;
}

/** The stream the JetStream floor's answers are stored in, created (or emptied) before a run. */
export async function ensureFloorStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: FLOOR_STREAM.name, subjects: [...FLOOR_STREAM.subjects], storage: StorageType.File });
}

// A snapshot as KV entries, so that none outgrows a NATS message (MAX_SNAPSHOT_ENTRY_BYTES): each
// agent result (a proposal or an evaluation, the large parts) is an entry of its own, named by its
// round, kind, panel index and a digest of its bytes; the head holds everything else, with digests
// where the results were. A result entry is never rewritten under its name, so a head always reads
// the entries it was written with, even while a deposed owner is still writing its own.
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  decodeMessage, encodeMessage, encodeTrusted, evaluateResult, type EvaluateResult, MAX_STORED_REASON_CHARS, proposeResult, type ProposeResult,
} from "@concord/agent-sdk/protocol";
import { roundInProgress, sessionSnapshot, type SessionSnapshot, storedRound } from "./snapshot.ts";

const digest = z.string().regex(/^[0-9a-f]{16}$/);

export const snapshotHead = sessionSnapshot.extend({
  rounds: z.array(storedRound.extend({ proposals: z.array(digest.nullable()), evaluations: z.array(digest.nullable()) })),
  current: roundInProgress
    .extend({
      proposals: z.array(digest.nullable()),
      evaluated: roundInProgress.shape.evaluated.unwrap()
        .extend({ evaluations: z.array(z.object({ result: digest, votes: z.array(z.number().int()) }).nullable()) })
        .optional(),
    })
    .optional(),
});

export type SnapshotHead = z.infer<typeof snapshotHead>;
type Kind = "p" | "e";

/** The name of a result's entry, under the session's key. */
export const entryName = (round: number, kind: Kind, index: number, digestHex: string) => `r${round}.${kind}${index}.${digestHex}`;

/** Splits a snapshot into its head and its result entries (name → bytes). */
export function splitSnapshot(snapshot: SessionSnapshot): { head: Uint8Array; entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  const put = <T>(round: number, kind: Kind, index: number, value: T | null | undefined, schema: z.ZodType<unknown, T>): string | null => {
    if (value === null || value === undefined) return null;
    const bytes = encodeTrusted(schema, value);
    const d = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
    entries.set(entryName(round, kind, index, d), bytes);
    return d;
  };
  const proposal = (round: number) => (p: ProposeResult | null, i: number) => put(round, "p", i, p, proposeResult);
  const evaluation = (round: number) => (e: EvaluateResult | null, i: number) => put(round, "e", i, e, evaluateResult);
  const { current } = snapshot;
  const head: z.input<typeof snapshotHead> = {
    ...snapshot,
    failed: snapshot.failed === undefined ? undefined : cut(snapshot.failed),
    rounds: snapshot.rounds.map((r) => ({
      ...r, absent: r.absent.map(cutReason), proposals: r.proposals.map(proposal(r.round)), evaluations: r.evaluations.map(evaluation(r.round)),
    })),
    current: current && {
      ...current,
      absent: current.absent.map(cutReason),
      proposals: current.proposals.map(proposal(current.round)),
      evaluated: current.evaluated && {
        ...current.evaluated,
        evaluations: current.evaluated.evaluations.map((e, i) => e && { votes: e.votes, result: evaluation(current.round)(e.result, i)! }),
      },
    },
  };
  return { head: encodeMessage(snapshotHead, head), entries };
}

/** The names of the entries a head refers to. */
export function entriesOf(head: SnapshotHead): string[] {
  const names: string[] = [];
  const add = (round: number, kind: Kind) => (d: string | null, i: number) => d !== null && names.push(entryName(round, kind, i, d));
  for (const r of head.rounds) {
    r.proposals.forEach(add(r.round, "p"));
    r.evaluations.forEach(add(r.round, "e"));
  }
  const { current } = head;
  if (current) {
    current.proposals.forEach(add(current.round, "p"));
    current.evaluated?.evaluations.forEach((e, i) => add(current.round, "e")(e?.result ?? null, i));
  }
  return names;
}

/** The snapshot a head and its entries make; throws when an entry is missing or invalid. */
export function joinSnapshot(head: SnapshotHead, entries: ReadonlyMap<string, Uint8Array>): SessionSnapshot {
  const read = <T>(round: number, kind: Kind, schema: z.ZodType<T>) => (d: string | null, i: number): T | null => {
    if (d === null) return null;
    const bytes = entries.get(entryName(round, kind, i, d));
    if (!bytes) throw new Error(`snapshot entry ${entryName(round, kind, i, d)} is missing`);
    return decodeMessage(schema, bytes);
  };
  const { current } = head;
  return sessionSnapshot.parse({
    ...head,
    rounds: head.rounds.map((r) => ({
      ...r, proposals: r.proposals.map(read(r.round, "p", proposeResult)), evaluations: r.evaluations.map(read(r.round, "e", evaluateResult)),
    })),
    current: current && {
      ...current,
      proposals: current.proposals.map(read(current.round, "p", proposeResult)),
      evaluated: current.evaluated && {
        ...current.evaluated,
        evaluations: current.evaluated.evaluations.map((e, i) => e && { votes: e.votes, result: read(current.round, "e", evaluateResult)(e.result, i)! }),
      },
    },
  });
}

// Reasons carry agents' words (a failure's reason, a refusal's): kept short and printable, so that
// MAX_ROUNDS rounds of absences still fit the head.
function cut(text: string): string {
  const printable = text.replace(/\p{Cc}/gu, " ");
  return printable.length > MAX_STORED_REASON_CHARS ? `${printable.slice(0, MAX_STORED_REASON_CHARS - 1)}…` : printable;
}

function cutReason<T extends { reason: string }>(a: T): T {
  return { ...a, reason: cut(a.reason) };
}

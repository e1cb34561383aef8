// Gathers one phase's answers from the agents until all have answered, the deadline passes, or
// every agent still awaited is known to be down (its heartbeats stopped, or it said it is
// stopping): then waiting longer could bring nothing.
// Every message must be signed by the agent it claims to come from. Bad messages are rejected
// with a reason and counted; they never end the loop. An agent that signs two different answers
// for one phase (equivocation) has both discarded. A result larger than MAX_RESULT_BYTES is refused
// before it is parsed. In a session, results reach the phase through the session's one results
// subscription (late-results.ts), which counts what arrives after the phase closed.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Address } from "viem";
import { connectionState } from "@concord/agent-sdk/agent";
import {
  ConcordError, decodeMessage, failedResult, MAX_RESULT_BYTES, parseResultSubject, type Phase, SIGNATURE_HEADER, subjects,
} from "@concord/agent-sdk/protocol";
import { verifySignedPayload } from "../crypto/known-signers.ts";
import { type ResultMessage, storedResults } from "../nats/stored-results.ts";

/**
 * Why a result was refused; `late`: an agent's first answer after its phase closed; `flood`: one
 * more message from an agent that already had MAX_SIGNED_REFUSALS signed results refused in the
 * phase (ignored unread), or one that arrived while MAX_QUEUED_BYTES of results waited.
 */
export type RejectionKind = "subject" | "foreign" | "oversize" | "signature" | "replay" | "equivocation" | "invalid" | "late" | "flood";

export interface Rejection {
  subject: string;
  agent?: string;
  kind: RejectionKind;
  reason: string;
  /**
   * How many refusals this entry stands for (1 when absent). Past MAX_LISTED_REJECTIONS of one
   * agent in a phase, each kind's further refusals are only counted, on one entry.
   */
  count?: number;
}

/**
 * Results on one agent's subjects refused in one phase after their signature was checked (a bad
 * signature, a replay, an equivocation, an answer whose content fails), after which its messages
 * in the phase are ignored unread. Only the agent's own NATS user may publish there, so they are
 * its own doing: junk signed or not costs a signature check or a parse each, at most this many
 * times, and no honest agent sends even one.
 */
export const MAX_SIGNED_REFUSALS = 8;
/** Refusals of one agent (or of unknown senders) listed one by one in a phase; the rest are counted. */
export const MAX_LISTED_REJECTIONS = 16;
/** Bytes of results waiting to be read in one phase; past it a result is refused as `flood`. */
export const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

export interface PhaseCollection<T> {
  answers: Map<string, T>;
  /** Agents that reported a failure or a skip, or went down while awaited, with their reason. */
  failures: Map<string, string>;
  rejected: Rejection[];
  missing: string[];
}

export interface CollectPhaseOptions<T> {
  nc: NatsConnection;
  sessionId: string;
  round: number;
  phase: Phase;
  /** Agent name → the address its messages must be signed by. */
  signers: ReadonlyMap<string, Address>;
  deadline: number;
  /** Decodes and checks one answer; throws with a reason to reject it. */
  accept: (agent: string, data: Uint8Array) => Promise<T> | T;
  onAnswer?: (answered: number, total: number) => void;
  /** Why an agent is known to be down (liveness from heartbeats), or undefined. */
  downReason?: (agent: string) => string | undefined;
  /** Told when the phase opens and closes: what arrives after the close is its to count. */
  late?: PhaseWatcher;
}

export interface PhaseWatcher {
  /**
   * The phase opens. Given `deliver`, the watcher routes the phase's results to it (one
   * subscription per session) and the phase subscribes to nothing itself.
   */
  opened(round: number, phase: Phase, deliver?: (msg: ResultMessage) => void): void;
  /** The phase takes nothing more: what arrives from now on is the watcher's to count. */
  closing?(round: number, phase: Phase): void;
  /** With each agent's first valid payload: a later one is a duplicate. */
  closed(round: number, phase: Phase, firstPayloads: ReadonlyMap<string, Uint8Array>): void;
}

/** How often the agents still awaited are checked against `downReason`. */
const DOWN_CHECK_MS = 500;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export type Screened =
  | { ok: true; agent: string; kind: "ok" | "failed" | "skipped" }
  | { ok: false; agent?: string; kind: RejectionKind; reason: string };

/**
 * The checks every result passes before its content is read, in order: subject, panel, size,
 * signature, then (given the agent's first accepted payload) replay or equivocation.
 */
export function screenResult(
  msg: ResultMessage, want: { round: number; phase: Phase }, signers: ReadonlyMap<string, Address>, first: (agent: string) => Uint8Array | undefined,
): Screened {
  const parsed = parseResultSubject(msg.subject);
  if (!parsed || parsed.phase !== want.phase || parsed.round !== want.round) {
    return { ok: false, agent: parsed?.agent, kind: "subject", reason: "unexpected subject" };
  }
  const { agent } = parsed;
  const signer = signers.get(agent);
  if (!signer) return { ok: false, agent, kind: "foreign", reason: "agent is not on this panel" };
  if (msg.data.length > MAX_RESULT_BYTES) {
    return { ok: false, agent, kind: "oversize", reason: `${msg.data.length} bytes, more than the ${MAX_RESULT_BYTES} a result may be` };
  }
  try {
    verifySignedPayload(msg.data, msg.headers?.get(SIGNATURE_HEADER), signer);
  } catch (error) {
    return { ok: false, agent, kind: "signature", reason: (error as Error).message };
  }
  const earlier = first(agent);
  if (earlier) {
    return sameBytes(earlier, msg.data)
      ? { ok: false, agent, kind: "replay", reason: "the same signed answer again" }
      : { ok: false, agent, kind: "equivocation", reason: "a different signed answer for the same phase" };
  }
  return { ok: true, agent, kind: parsed.kind };
}

const RESULT_KINDS = ["ok", "failed", "skipped"] as const;

export interface OpenPhase<T> {
  done: Promise<PhaseCollection<T>>;
  /** How to send an agent its task again, after an outage that may have lost it. */
  resendWith(send: (agent: string) => void): void;
}

/** Subscribes first; fan the tasks out only after this returns so no answer can be missed. */
export function openPhase<T>(options: CollectPhaseOptions<T>): OpenPhase<T> {
  const { nc, sessionId, round, phase, signers } = options;
  const expected = [...signers.keys()];
  const result: PhaseCollection<T> = { answers: new Map(), failures: new Map(), rejected: [], missing: [] };
  const pending = new Set(expected);
  const firstPayload = new Map<string, Uint8Array>();
  // Results wait in arrival order and are read one at a time; what arrived before the close is read
  // after it too (a duplicate then is counted here, never lost between phase and watcher).
  /** Per agent ("" for a sender not known), the refusals listed, and per kind the entry counting the rest. */
  const listed = new Map<string, number>();
  const overflow = new Map<string, Rejection>();
  const refuse = (subject: string, agent: string | undefined, kind: RejectionKind, reason: string) => {
    const who = agent ?? "";
    const n = listed.get(who) ?? 0;
    if (n < MAX_LISTED_REJECTIONS) {
      listed.set(who, n + 1);
      result.rejected.push({ subject, agent, kind, reason });
      return;
    }
    const key = `${who}/${kind}`;
    const entry = overflow.get(key);
    if (entry) entry.count! += 1;
    else {
      const first: Rejection = { subject, agent, kind, reason: `more refused as ${kind} (the first: ${reason})`, count: 1 };
      overflow.set(key, first);
      result.rejected.push(first);
    }
  };
  const queue: ResultMessage[] = [];
  let queuedBytes = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  const push = (msg: ResultMessage) => {
    if (ended) return;
    // An oversize result is refused by its length alone: it never waits in the queue. Past the
    // queue's bound, a result is refused at once rather than held (a flood, not the agents' answers).
    if (msg.data.length > MAX_RESULT_BYTES) {
      const screened = screenResult(msg, { round, phase }, signers, () => undefined); // refused before its signature is read
      if (!screened.ok) refuse(msg.subject, screened.agent, screened.kind, screened.reason);
      return;
    }
    if (queuedBytes + msg.data.length > MAX_QUEUED_BYTES) {
      refuse(msg.subject, parseResultSubject(msg.subject)?.agent, "flood", `${MAX_QUEUED_BYTES} bytes of results already wait to be read`);
      return;
    }
    queuedBytes += msg.data.length;
    queue.push(msg);
    wake?.();
  };
  // Without a session's watcher, one subscription of its own (one, so arrival order holds).
  const subs: Subscription[] = options.late ? [] : [nc.subscribe(subjects.roundResults(sessionId, round))];
  options.late?.opened(round, phase, push);
  for (const sub of subs) {
    void (async () => {
      for await (const msg of sub) if (parseResultSubject(msg.subject)?.phase === phase) push(msg);
    })();
  }
  const openedAt = Date.now();
  let resend: ((agent: string) => void) | undefined;
  /** Per agent, the payload read back from the stream: the same one arriving live is no replay. */
  const readBack = new Map<string, Uint8Array>();
  let closed = false;
  const catchUp = async () => {
    await connectionState(nc).settled(options.deadline);
    if (closed) return;
    const wanted = [...pending].flatMap((agent) => RESULT_KINDS.map((kind) => subjects.result(sessionId, round, agent, phase, kind)));
    for (const msg of await storedResults(nc, wanted, openedAt).catch(() => [])) {
      if (closed) return;
      const agent = parseResultSubject(msg.subject)?.agent;
      if (agent) readBack.set(agent, msg.data);
      await serial(() => handle(msg));
    }
    if (!closed && resend) for (const agent of pending) resend(agent);
  };
  const stopCatchUp = connectionState(nc).onReconnect(() => void catchUp());
  const closeAll = () => {
    if (closed) return;
    closed = true;
    stopCatchUp();
    options.late?.closing?.(round, phase);
    subs.forEach((s) => s.unsubscribe());
    ended = true;
    wake?.();
  };
  const timer = setTimeout(closeAll, Math.max(0, options.deadline - Date.now()));
  const { downReason } = options;
  const watch = downReason && setInterval(() => {
    const down = [...pending].map((agent) => [agent, downReason(agent)] as const);
    if (down.length === 0 || down.some(([, reason]) => reason === undefined)) return;
    for (const [agent, reason] of down) result.failures.set(agent, `down while awaited: ${reason}`);
    closeAll();
  }, DOWN_CHECK_MS);

  /** Per agent, its signed results refused in this phase (see MAX_SIGNED_REFUSALS). */
  const signedRefusals = new Map<string, number>();
  const refusedSigned = (agent: string) => signedRefusals.set(agent, (signedRefusals.get(agent) ?? 0) + 1);
  // One message at a time, whether live or read back from the stream after a reconnect: an answer
  // binds its author (firstPayload) before the next message of the phase is screened.
  let last: Promise<void> = Promise.resolve();
  const serial = (work: () => Promise<void>) => (last = last.then(work, work));

  const handle = async (msg: ResultMessage) => {
    const sender = parseResultSubject(msg.subject)?.agent;
    if (sender !== undefined && signers.has(sender) && (signedRefusals.get(sender) ?? 0) >= MAX_SIGNED_REFUSALS) {
      refuse(msg.subject, sender, "flood", `${MAX_SIGNED_REFUSALS} of its signed results were refused in this phase: the rest are ignored unread`);
      return;
    }
    const screened = screenResult(msg, { round, phase }, signers, (agent) => firstPayload.get(agent));
    const reject = (kind: RejectionKind, reason: string) => refuse(msg.subject, screened.agent, kind, reason);
    if (!screened.ok) {
      // Only the agent's own NATS user may publish on its result subjects: a bad signature there is
      // its own doing too, and counts toward the cap, so a flood of them costs one check each at most 8 times.
      if (screened.kind === "replay" || screened.kind === "equivocation" || screened.kind === "signature") refusedSigned(screened.agent!);
      reject(screened.kind, screened.kind === "equivocation" ? `${screened.reason}: both discarded` : screened.reason);
      if (screened.kind === "equivocation") {
        result.answers.delete(screened.agent!);
        result.failures.set(screened.agent!, "equivocation: signed two different answers");
      }
      return;
    }
    const parsed = screened;
    try {
      if (parsed.kind === "ok") {
        result.answers.set(parsed.agent, await options.accept(parsed.agent, msg.data));
      } else {
        const failure = decodeMessage(failedResult, msg.data);
        // Signed for one phase, a failure must name it: replayed into another session, round or
        // agent's phase, it would mark that phase failed and make the real answer an equivocation.
        if (failure.sessionId !== sessionId || failure.round !== round || failure.agent !== parsed.agent) {
          throw new ConcordError("INVALID_MESSAGE", `a failure for ${failure.agent}/${failure.sessionId}/${failure.round} arrived on ${parsed.agent}/${sessionId}/${round}`);
        }
        result.failures.set(parsed.agent, `${parsed.kind}: ${failure.reason}`);
      }
      // Only a valid answer binds its author: a rejected one may be followed by a good one.
      firstPayload.set(parsed.agent, msg.data);
      pending.delete(parsed.agent);
      options.onAnswer?.(expected.length - pending.size, expected.length);
    } catch (error) {
      // A well-formed answer whose inner signature (a ballot's) is not its author's is a
      // signature refusal, counted as such, not a malformed message.
      const kind = error instanceof ConcordError && error.code === "INVALID_SIGNATURE" ? "signature" : "invalid";
      refusedSigned(parsed.agent);
      reject(kind, error instanceof Error ? error.message : String(error));
    }
    if (pending.size === 0) closeAll();
  };

  const consume = async () => {
    for (;;) {
      const msg = queue.shift();
      if (!msg) {
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      queuedBytes -= msg.data.length;
      const agent = parseResultSubject(msg.subject)?.agent;
      const stored = agent === undefined ? undefined : readBack.get(agent);
      if (stored && sameBytes(stored, msg.data)) continue; // already read back from the stream
      await serial(() => handle(msg));
    }
  };

  const done = consume().then(() => {
    clearTimeout(timer);
    if (watch) clearInterval(watch);
    options.late?.closed(round, phase, firstPayload);
    result.missing = [...pending];
    return result;
  });
  return { done, resendWith: (send) => (resend = send) };
}

// A JetStream publish on a round's hot path, without nats.js's per-request machinery. `js.publish`
// makes, for every message, a request object, a timer and an Error (the one it rejects the
// settled request with after the ack, stack trace included); an agent sends two answers a round
// and the orchestrator three events, each on a 2-core machine shared with the other agents.
// Here every connection has one ack inbox (one subscription, made once), publishes carry a reply
// subject on it, and one sweep timer per connection, running only while acks are awaited, expires
// the ones that never came. The stream's answer is read as js.publish reads it: a PubAck, the
// stream's refusal (an API error with its code), or the server's "no responders" status (no
// stream takes the subject).
import { createInbox, headers as natsHeaders, type Msg, type MsgHdrs, type NatsConnection } from "@nats-io/transport-node";

export interface StreamAck {
  stream: string;
  seq: number;
  /** The stream already held a message with this id (a retry of one it stored): not stored again. */
  duplicate: boolean;
}

/**
 * Why a publish got no ack. `no-stream`: no stream takes the subject (or JetStream is not up yet);
 * `refused`: the stream answered with an error (`status`: its code, 503 while it is unavailable);
 * `timeout`: no answer in time (an outage or a lost reply: a retry with the same id is harmless);
 * `closed`: the connection is closed for good.
 */
export type StreamPublishFailure = "no-stream" | "refused" | "timeout" | "closed";

export class StreamPublishError extends Error {
  readonly kind: StreamPublishFailure;
  readonly status: number | undefined;
  constructor(kind: StreamPublishFailure, message: string, status?: number) {
    super(message);
    this.name = "StreamPublishError";
    this.kind = kind;
    this.status = status;
  }
}

export interface StreamPublishOptions {
  /** The message id the stream deduplicates on. */
  msgID: string;
  headers?: MsgHdrs;
  /** How long to wait for the stream's answer. */
  timeoutMs: number;
}

interface Awaited {
  resolve(ack: StreamAck): void;
  reject(error: StreamPublishError): void;
  expires: number;
  subject: string;
}

interface AckInbox {
  prefix: string;
  awaited: Map<string, Awaited>;
  next: number;
  sweep: ReturnType<typeof setInterval> | undefined;
}

/** How often awaited acks are checked for expiry: a timeout fires at most this late. */
const SWEEP_MS = 100;
const MSG_ID_HEADER = "Nats-Msg-Id";
const inboxes = new WeakMap<NatsConnection, AckInbox>();
/** Connections whose own inbox prefix was refused (credentials issued before agents had one): _INBOX. is used instead. */
const ownPrefixRefused = new WeakSet<NatsConnection>();
const utf8 = new TextDecoder();

/** Publishes to a stream and resolves with its ack; rejects with a StreamPublishError. */
export function publishToStream(nc: NatsConnection, subject: string, data: Uint8Array, options: StreamPublishOptions): Promise<StreamAck> {
  if (nc.isClosed()) return Promise.reject(new StreamPublishError("closed", "the NATS connection is closed"));
  const inbox = inboxOf(nc);
  const token = (inbox.next++).toString(36);
  const h = options.headers ?? natsHeaders();
  h.set(MSG_ID_HEADER, options.msgID);
  return new Promise<StreamAck>((resolve, reject) => {
    inbox.awaited.set(token, { resolve, reject, expires: Date.now() + options.timeoutMs, subject });
    inbox.sweep ??= setInterval(() => sweep(inbox), SWEEP_MS);
    try {
      nc.publish(subject, data, { reply: `${inbox.prefix}.${token}`, headers: h });
    } catch (error) {
      inbox.awaited.delete(token);
      reject(new StreamPublishError("closed", `could not publish to ${subject}: ${error instanceof Error ? error.message : String(error)}`));
    }
  });
}

function inboxOf(nc: NatsConnection): AckInbox {
  let inbox = inboxes.get(nc);
  if (inbox) return inbox;
  // Under the connection's inbox prefix (an agent's is its own, agentInboxPrefix: its user may
  // subscribe there and nowhere else in the inboxes; other users' is _INBOX).
  const own = (nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix;
  const prefix = own !== undefined && !ownPrefixRefused.has(nc) ? own : undefined;
  const created: AckInbox = { prefix: createInbox(prefix), awaited: new Map(), next: 0, sweep: undefined };
  inbox = created;
  // Subscribed before the first publish on the same connection, so the server has the interest
  // before any ack is sent; the client subscribes again after a reconnect.
  nc.subscribe(`${created.prefix}.*`, {
    callback: (error, msg) => {
      if (error) {
        if (prefix !== undefined) {
          // The user may not read its own prefix (older credentials allowed _INBOX.> only): the
          // next publish opens an inbox under _INBOX, and what awaited this one is tried again.
          ownPrefixRefused.add(nc);
          if (inboxes.get(nc) === created) inboxes.delete(nc);
          return failAll(created, new StreamPublishError("timeout", `the ack inbox ${created.prefix} was refused (${error.message}); trying again under _INBOX`));
        }
        return failAll(created, new StreamPublishError("closed", `the ack inbox failed: ${error.message}`));
      }
      const token = msg.subject.slice(created.prefix.length + 1);
      const awaited = created.awaited.get(token);
      if (!awaited) return; // expired already, or a second answer
      created.awaited.delete(token);
      settle(awaited, msg);
    },
  });
  void nc.closed().then(() => failAll(created, new StreamPublishError("closed", "the NATS connection closed while an ack was awaited")));
  inboxes.set(nc, created);
  return created;
}

function settle(awaited: Awaited, msg: Msg): void {
  const status = msg.headers?.code ?? 0;
  if (status === 503) {
    return awaited.reject(new StreamPublishError("no-stream", `no stream answered for ${awaited.subject}`, 503));
  }
  let answer: { stream?: unknown; seq?: unknown; duplicate?: unknown; error?: { code?: unknown; description?: unknown } };
  try {
    answer = JSON.parse(utf8.decode(msg.data));
  } catch {
    return awaited.reject(new StreamPublishError("refused", `the answer to a publish on ${awaited.subject} is not JSON`));
  }
  if (answer.error) {
    const code = typeof answer.error.code === "number" ? answer.error.code : undefined;
    return awaited.reject(new StreamPublishError("refused", `the stream refused ${awaited.subject}: ${String(answer.error.description ?? "no reason given")}`, code));
  }
  if (typeof answer.stream !== "string" || typeof answer.seq !== "number") {
    return awaited.reject(new StreamPublishError("refused", `the answer to a publish on ${awaited.subject} is no stream ack`));
  }
  awaited.resolve({ stream: answer.stream, seq: answer.seq, duplicate: answer.duplicate === true });
}

function sweep(inbox: AckInbox): void {
  const now = Date.now();
  for (const [token, awaited] of inbox.awaited) {
    if (awaited.expires > now) continue;
    inbox.awaited.delete(token);
    awaited.reject(new StreamPublishError("timeout", `no ack for ${awaited.subject} in time`));
  }
  if (inbox.awaited.size === 0) stopSweep(inbox);
}

function failAll(inbox: AckInbox, error: StreamPublishError): void {
  for (const awaited of inbox.awaited.values()) awaited.reject(error);
  inbox.awaited.clear();
  stopSweep(inbox);
}

function stopSweep(inbox: AckInbox): void {
  if (inbox.sweep !== undefined) clearInterval(inbox.sweep);
  inbox.sweep = undefined;
}

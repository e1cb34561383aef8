// Every NATS subject Concord uses is built here; no subject string appears anywhere else.
// Shapes follow NSED's documented layout (docs/protocol.md).
import { ConcordError } from "./errors.ts";

/**
 * `attest` is the short, model-free step of a partial round: when an agent that proposed did not
 * evaluate, its proposal leaves the round and the others re-sign their ballots over what is left.
 */
export type Phase = "propose" | "evaluate" | "attest";
export type ResultKind = "ok" | "failed" | "skipped";

const ROOT = "nsed";
const FORBIDDEN = /[.*>\s\u0000-\u001f\u007f]/;

/** Rejects ids that would change a subject's shape (dots, wildcards, spaces, control chars). */
export function token(value: string | number | bigint): string {
  const text = String(value);
  if (text.length === 0 || FORBIDDEN.test(text)) {
    throw new ConcordError("INVALID_SUBJECT_TOKEN", `invalid subject token ${JSON.stringify(text)}`);
  }
  return text;
}

export const subjects = {
  /** A task for one agent: `nsed.{session}.task.{agent}.{phase}`. */
  task: (session: string, agent: string, phase: Phase) =>
    `${ROOT}.${token(session)}.task.${token(agent)}.${phase}`,
  /** Everything an agent is asked, in any session: what an agent subscribes to. */
  tasksForAgent: (agent: string) => `${ROOT}.*.task.${token(agent)}.*`,
  /** An agent's answer: `nsed.{session}.result.{round}.{agent}.{phase}[.failed|.skipped]`. */
  result: (session: string, round: number, agent: string, phase: Phase, kind: ResultKind = "ok") =>
    `${ROOT}.${token(session)}.result.${token(round)}.${token(agent)}.${phase}` +
    (kind === "ok" ? "" : `.${kind}`),
  /** All answers of one phase of one round, whatever the outcome. */
  phaseResults: (session: string, round: number, phase: Phase) =>
    [`${ROOT}.${token(session)}.result.${token(round)}.*.${phase}`,
      `${ROOT}.${token(session)}.result.${token(round)}.*.${phase}.*`] as const,
  /** Every answer of one round of one session, any phase or outcome: one subscription keeps their order. */
  roundResults: (session: string, round: number) => `${ROOT}.${token(session)}.result.${token(round)}.>`,
  /** Every answer of one session, any round, phase or outcome. */
  sessionResults: (session: string) => `${ROOT}.${token(session)}.result.>`,
  /** Every refused or skipped propose task of one session, any round: where agents' declines come. */
  proposeFailures: (session: string) =>
    [`${ROOT}.${token(session)}.result.*.*.propose.failed`, `${ROOT}.${token(session)}.result.*.*.propose.skipped`] as const,
  /**
   * An agent's signed ballot of one round, for anyone to relay on chain once it can no longer
   * reveal authorship (published only after the round's evaluate deadline; docs/protocol.md):
   * `nsed.{session}.relay.{round}.{agent}`.
   */
  relay: (session: string, round: number, agent: string) => `${ROOT}.${token(session)}.relay.${token(round)}.${token(agent)}`,
  /** Every agent's relayed ballots of one session, every round: what a relayer follows. */
  sessionRelay: (session: string) => `${ROOT}.${token(session)}.relay.*.*`,
  /** A session event (round started, phase closed, settled...). */
  event: (session: string, type: string) => `${ROOT}.${token(session)}.event.${token(type)}`,
  sessionEvents: (session: string) => `${ROOT}.${token(session)}.event.*`,
  /** The submitter's controls for a running session (e.g. a forced finalise). */
  control: (session: string, action: "finalise") => `${ROOT}.${token(session)}.control.${action}`,
  heartbeat: (agent: string) => `${ROOT}.agent.heartbeat.${token(agent)}`,
  /** Every agent's heartbeats: how a submitter finds who is online. */
  heartbeats: () => `${ROOT}.agent.heartbeat.*`,
  jobSubmit: () => `${ROOT}.jobs.submit`,
  /**
   * Whether an agent will answer a task, asked before a session is created (request/reply; the
   * agent answers from its provider): `nsed.agent.accepts.{agent}`.
   */
  accepts: (agent: string) => `${ROOT}.agent.accepts.${token(agent)}`,
  /** Every agent's acceptance probe: what a submitter may ask. */
  acceptsAny: () => `${ROOT}.agent.accepts.*`,
} as const;

/**
 * What one agent's NATS user may do: publish its own results, relayed ballots and heartbeats, read
 * its own tasks and every session's relayed ballots. It can neither answer as another agent nor
 * read anyone's results or tasks, which would reveal who wrote which masked candidate while a
 * round is open; a relayed ballot is published only once no ballot of its round can change.
 */
export function agentPermissions(agent: string): { publish: string[]; subscribe: string[]; allowResponses: boolean } {
  const name = token(agent);
  const inbox = agentInboxPrefix(agent);
  return {
    // Only to answer its acceptance probe: a reply to a request it received, nowhere else.
    allowResponses: true,
    publish: [
      `${ROOT}.*.result.*.${name}.*`, `${ROOT}.*.result.*.${name}.*.*`, `${ROOT}.*.relay.*.${name}`,
      `${ROOT}.agent.heartbeat.${name}`,
    ],
    // Its own inbox, where JetStream acknowledges its publishes: not `_INBOX.>`, under which it
    // would receive every reply in the account (the session snapshots others read while a round
    // is open, which name each masked candidate's author).
    subscribe: [`${ROOT}.*.task.${name}.*`, `${ROOT}.*.relay.*.*`, subjects.accepts(name), `${inbox}.>`],
  };
}

/**
 * The inbox prefix of agent `agent`'s connection (nats.js `inboxPrefix`): its user may subscribe
 * under it and nowhere else in `_INBOX`, so it reads only the replies to its own requests.
 */
export function agentInboxPrefix(agent: string): string {
  return `_INBOX_${token(agent)}`;
}

/**
 * What a relayer's NATS user may do (`concord relay`): read the relayed ballots of every session,
 * nothing else, and publish nothing. It records rounds on chain with its own wallet.
 */
export function relayerPermissions(): { publish: string[]; subscribe: string[] } {
  return { publish: [], subscribe: [`${ROOT}.*.relay.*.*`] };
}

/**
 * What a read-only viewer (the dApp in a browser, over nats-server's WebSocket) may do: receive
 * session events, nothing else. No publish at all (a plain subscription needs no inbox), and no
 * results or tasks: during a live round those would tell who wrote which masked candidate.
 */
export function viewerPermissions(): { publish: string[]; subscribe: string[] } {
  return { publish: [], subscribe: [`${ROOT}.*.event.*`] };
}

/**
 * What the command line's user may do (`concord submit`, `concord session`): queue jobs and send a
 * session's controls, ask agents whether they accept a task, follow session events and heartbeats, and read the stored session state and
 * halting events through JetStream's read-only API. It can neither answer nor read tasks or live
 * results, and cannot create, change or delete streams: the orchestrator's admin user does that.
 */
export function cliPermissions(): { publish: string[]; subscribe: string[] } {
  const stateStream = `KV_${buckets.sessionState}`;
  return {
    publish: [
      subjects.jobSubmit(), `${ROOT}.*.control.*`, subjects.acceptsAny(),
      "$JS.API.INFO", `$JS.API.STREAM.INFO.${stateStream}`, `$JS.API.STREAM.MSG.GET.${stateStream}`,
      `$JS.API.DIRECT.GET.${stateStream}`, `$JS.API.DIRECT.GET.${stateStream}.>`, `$JS.API.STREAM.MSG.GET.${streams.sessions.name}`,
      `$JS.API.STREAM.MSG.GET.${streams.events.name}`,
    ],
    // _INBOX: JetStream and request replies come back on the requester's inbox.
    subscribe: [`${ROOT}.*.event.*`, subjects.heartbeats(), "_INBOX.>"],
  };
}

/** JetStream stream names and the subjects each captures. */
export const streams = {
  /** Agents' results of every session (what an orchestrator reads back after an outage). */
  sessions: { name: "NSED_SESSIONS", subjects: [`${ROOT}.*.result.>`] },
  /**
   * Session events, which only orchestrators publish: the replayable transcript's spine (halted,
   * settled, failed), kept apart so that no agent's results can push them out of a full stream.
   */
  events: { name: "NSED_EVENTS", subjects: [`${ROOT}.*.event.>`] },
  /** Submitted jobs: a work queue that orchestrators share through one durable consumer. */
  jobs: { name: "NSED_JOBS", subjects: [`${ROOT}.jobs.submit`], consumer: "orchestrators" },
} as const;

/** JetStream key-value buckets. */
export const buckets = {
  /** Per session: the last completed phase and everything needed to resume from it. */
  sessionState: "nsed-session-state",
  /** Per session: which orchestrator owns it; entries expire unless the owner refreshes them. */
  sessionLocks: "nsed-session-locks",
} as const;

/** Parses a result subject back into its parts (for consumers of a wildcard subscription). */
export function parseResultSubject(subject: string):
  | { session: string; round: number; agent: string; phase: Phase; kind: ResultKind }
  | undefined {
  const parts = subject.split(".");
  if (parts.length < 6 || parts.length > 7 || parts[0] !== ROOT || parts[2] !== "result") return undefined;
  const [, session, , roundText, agent, phase, suffix] = parts;
  if (phase !== "propose" && phase !== "evaluate" && phase !== "attest") return undefined;
  const kind: ResultKind = suffix === undefined ? "ok" : suffix === "failed" || suffix === "skipped" ? suffix : "ok";
  if (suffix !== undefined && kind === "ok") return undefined;
  // One spelling per round ("1", never "01", "+1", "1e0" or "0x1"): one answer, one subject.
  if (!/^[1-9]\d{0,8}$/.test(roundText!)) return undefined;
  return { session: session!, round: Number(roundText), agent: agent!, phase, kind };
}

// Runs an agent against a NATS server: answers propose/evaluate tasks addressed to it,
// signs its ballots with its own key, and announces itself with heartbeats.
import { connect, type NatsConnection, type Msg } from "@nats-io/transport-node";
import type { LocalAccount } from "viem";
import { agentInboxPrefix, subjects, type Phase } from "../protocol/subjects.ts";
import {
  attestTask, decodeMessage, encodeMessage, encodeTrusted, evaluateResult, evaluateTask, failedResult, heartbeat,
  proposeResult, proposeTask, type Heartbeat,
} from "../protocol/schemas.ts";
import type { SessionsContractRef } from "../protocol/attestation.ts";
import { keccakHex } from "../protocol/fast-keccak.ts";
import { ConcordError } from "../protocol/errors.ts";
import { NATS_RECONNECT } from "../protocol/limits.ts";
import type { AgentDefinition } from "./define-agent.ts";
import type { NatsAuth } from "../protocol/nats-auth.ts";
import { natsAuthOptions } from "./nats-auth.ts";
import {
  buildAttestResult, buildEvaluateResult, buildFailedResult, buildProposeResult, checkCandidateHashes, declinesSession, roundProposalHashes,
} from "./build-results.ts";
import { answerAcceptanceProbes } from "./accepts-responder.ts";
import { publishUntil, type PublishUntilOptions } from "./publish-until.ts";
import { signedHeaders } from "./signed-headers.ts";
import { unanimousEvaluation } from "./unanimous-evaluation.ts";
import { watchConnection } from "./watch-connection.ts";
import { ballotRelay, type AgentRelayOptions, type BallotRelay } from "./relay/ballot-relay.ts";
import type { CandidateEvaluation, EvaluateResult, EvaluateTask, ProposeTask } from "../protocol/schemas.ts";
import { closeConnection } from "./close-connection.ts";
import { setBounded } from "./bounded-map.ts";
import { PhaseAlreadyAnswered, PhaseAnswers } from "./phase-answers.ts";
import { chainSessionFacts, sessionCheck, TaskNotForAgent, type SessionCheck, type SessionFactsReader } from "./session-check.ts";

export interface RunAgentOptions {
  natsServers: string | string[];
  /**
   * The agent's NATS user, when the server requires one (restricted to its own subjects): a JWT
   * user from `concord agent join` (readCredsFile) or the stack's record.
   */
  natsAuth?: NatsAuth;
  /** The agent's signing key: the one registered on chain for it. */
  account: LocalAccount;
  /** The Sessions contract this agent signs ballots for (EIP-712 domain). */
  sessions: SessionsContractRef;
  heartbeatMs?: number;
  log?: (line: string) => void;
  /**
   * Opt in to relaying: in every session this agent evaluates, record each round every agent
   * attested from this account (see startRelayer), so the orchestrator alone does not decide it.
   * The agent publishes its own ballots for relayers either way.
   */
  relay?: AgentRelayOptions;
  /**
   * Ask the model to evaluate a round even when every candidate repeats the agent's own answer.
   * By default the SDK endorses such a round itself, without a model call (unanimous-evaluation.ts):
   * no check can change the answer it picks.
   */
  askModelWhenUnanimous?: boolean;
  /**
   * Check each task against the chain before answering it (strongly advised; the CLI always
   * does): its session must exist, be open, name this agent's signer, and hold the task's text
   * (by hash), round and vote credits. A task that fails gets no model call and no answer. Without
   * it, whoever may publish tasks on the agent's subjects can spend its model calls on sessions it
   * is not on, and, by varying a task's text, ask one round more than once. `facts` stands in for
   * the JSON-RPC reads (two eth_calls per session, kept for 4 096 sessions).
   */
  checkSessions?: { rpcUrl: string } | { facts: SessionFactsReader };
}

export interface RunningAgent {
  readonly connection: NatsConnection;
  /** Resolves once the task subscription is live on the server. */
  ready: Promise<void>;
  /**
   * Resolves when the connection is closed for good without stop() (the server refused it, say
   * its credentials were revoked), with why: the agent can no longer work, and should exit.
   */
  lost: Promise<Error>;
  stop(): Promise<void>;
}

export async function runAgent(agent: AgentDefinition, options: RunAgentOptions): Promise<RunningAgent> {
  const log = options.log ?? (() => {});
  // An agent whose model's server does not answer must not say it is ready: it would be chosen,
  // and fail its first session after the bounty is escrowed.
  await agent.checkProvider?.();
  // Reconnects without limit: an outage of the server is waited out, and the subscriptions below
  // are made again on the new connection by the client.
  const nc = await connect({
    servers: options.natsServers, name: `concord-agent-${agent.name}`, ...NATS_RECONNECT, ...natsAuthOptions(options.natsAuth),
    // Its user may read only this inbox (agentPermissions), where its JetStream acks arrive.
    inboxPrefix: agentInboxPrefix(agent.name),
  });
  let stopping = false;
  const lost = watchConnection(nc, () => stopping, (line) => log(`[${agent.name}] ${line}`));
  const inFlight = new Set<Promise<void>>();
  const subscription = nc.subscribe(subjects.tasksForAgent(agent.name));
  const probes = answerAcceptanceProbes(nc, agent, options.account, log);

  const sendHeartbeat = async (status: Heartbeat["status"]) => {
    const data = encodeTrusted(heartbeat, {
      agent: agent.name, signer: options.account.address, modelId: agent.modelId,
      capabilities: agent.capabilities ?? [], status, at: Date.now(),
    });
    nc.publish(subjects.heartbeat(agent.name), data, { headers: await signedHeaders(options.account, data) });
  };

  const memory: EvaluationMemory = new Map();
  const answers = new PhaseAnswers();
  const proposed: OwnProposals = new Map();
  const check = sessionChecker(options);
  if (!check) log(`[${agent.name}] tasks are not checked against the chain (no checkSessions): anyone who may publish its tasks can spend its model calls`);
  const relay = ballotRelay(nc, agent.name, { account: options.account, sessions: options.sessions, relay: options.relay, log });
  const loop = (async () => {
    for await (const msg of subscription) {
      if (inFlight.size >= MAX_TASKS_IN_FLIGHT) {
        log(`[${agent.name}] ignoring ${msg.subject}: already ${inFlight.size} tasks in flight`);
        continue;
      }
      const job = handleTask(agent, options, nc, msg, log, { memory, answers, proposed, check }, relay).finally(() => inFlight.delete(job));
      inFlight.add(job);
    }
  })();

  // A flush round-trips to the server, so the subscription is registered before we say ready.
  const ready = nc.flush().then(() => sendHeartbeat("ready"));
  // A closed connection refuses publishes: the beat is dropped (`lost` says why), never thrown.
  const beat = (status: Heartbeat["status"]) => (nc.isClosed() ? Promise.resolve() : sendHeartbeat(status).catch(() => {}));
  const timer = setInterval(() => void beat(inFlight.size > 0 ? "busy" : "ready"), options.heartbeatMs ?? 2_000);

  return {
    connection: nc,
    ready,
    lost,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await beat("stopping");
      subscription.unsubscribe();
      probes.unsubscribe();
      await loop;
      await Promise.allSettled([...inFlight]);
      await relay.stop();
      await closeConnection(nc);
    },
  };
}

/**
 * Tasks answered at once; past it a task is ignored (no model call, no answer). Far above what one
 * agent serves honestly (a task per session at a time), so a flood cannot queue unbounded work.
 */
export const MAX_TASKS_IN_FLIGHT = 1_024;

function sessionChecker(options: RunAgentOptions): SessionCheck | undefined {
  const source = options.checkSessions;
  if (!source) return undefined;
  return sessionCheck(options.account.address, "facts" in source ? source.facts : chainSessionFacts(options.sessions, source.rpcUrl));
}

interface AgentMemories {
  memory: EvaluationMemory;
  answers: PhaseAnswers;
  proposed: OwnProposals;
  check: SessionCheck | undefined;
}

async function handleTask(
  agent: AgentDefinition,
  options: RunAgentOptions,
  nc: NatsConnection,
  received: Msg,
  log: (line: string) => void,
  { memory, answers, proposed, check }: AgentMemories,
  relay: BallotRelay,
): Promise<void> {
  // Only the subject and the payload are kept, and the payload only until it is decoded: a task
  // padded with keys the schema drops would otherwise hold its whole bytes (up to max_payload)
  // for as long as its phase's answer is being made, once per copy in flight.
  const subject = received.subject;
  let payload: Uint8Array | undefined = received.data;
  const taken = () => {
    const data = payload!;
    payload = undefined;
    return data;
  };
  const phase = subject.split(".").at(-1) as Phase;
  let sessionId = "";
  let round = 0;
  let deadline = 0;
  /** The phase's key once the task passed its checks (PhaseAnswers): no failure goes out for an answered phase. */
  let answering = "";
  // Until the phase's deadline: an answer delayed by an outage still counts if it lands in time.
  const publish = (subject: string, data: Uint8Array) =>
    publishSigned(nc, options.account, subject, data, {
      deadline,
      onRetry: (error, waitMs) =>
        log(`[${agent.name}] ${phase} publish failed (${error instanceof Error ? error.message : String(error)}); retrying in ${waitMs} ms`),
      onWait: () => log(`[${agent.name}] ${phase} answer waits for the NATS connection`),
    });
  // The phase's answer, once made and signed: a failure to send it is not a failure to answer.
  const deliver = (subject: string, data: Uint8Array) => publish(subject, data).catch((error: unknown) => {
    throw new AnswerNotDelivered(error);
  });
  /**
   * A propose or evaluate task's session identity (roundKey) once it is in time and, with the
   * check, the chain asks it of this agent; undefined when it is to be ignored (its deadline passed).
   */
  const admit = async (task: ProposeTask | EvaluateTask): Promise<string | undefined> => {
    ({ sessionId, round, deadline } = task);
    if (expired(task.deadline, log, agent.name, subject)) return undefined;
    const identity = await check?.check(task) ?? "";
    if (check && expired(task.deadline, log, agent.name, subject)) return undefined;
    answering = phaseKey(task, identity, phase);
    return identity;
  };
  try {
    if (phase === "propose") {
      const task = decodeMessage(proposeTask, taken());
      const identity = await admit(task);
      if (identity === undefined) return;
      // Checked against the schema before it is signed and sent: the body is the agent's own code's
      // or model's answer (a trust boundary), and a bad one fails here with its reason.
      const encoded = await answers.answer(answering, taskDigest(task), async () => {
        const result = buildProposeResult(agent.name, task, await agent.propose(task));
        const bytes = encodeMessage(proposeResult, result);
        setBounded(proposed, roundKey(task, identity), result.proposalHash.toLowerCase(), PROPOSALS_KEPT);
        return bytes;
      });
      await deliver(subjects.result(sessionId, round, agent.name, "propose"), encoded);
    } else if (phase === "evaluate") {
      const task = decodeMessage(evaluateTask, taken());
      const identity = await admit(task);
      if (identity === undefined) return;
      // This delivery's own result, if it made one (a repeated delivery sends the first one's bytes).
      const fresh: { result?: EvaluateResult } = {};
      const encoded = await answers.answer(answering, taskDigest(task), async () => {
        // Checked once the phase is known not to be answered (another task for it gets nothing):
        checkOwnProposal(proposed, task, identity); // the ballot names it as this agent's: it must be the one it proposed
        checkCandidateHashes(task); // before the model is asked: a mismatch fails the task with its reason
        const answer = (!options.askModelWhenUnanimous && unanimousEvaluation(task)) || await agent.evaluate(task);
        const result = await buildEvaluateResult(agent.name, options.account, options.sessions, task, answer);
        remember(memory, task, result.evaluations);
        fresh.result = result;
        return encodeMessage(evaluateResult, result);
      });
      await deliver(subjects.result(sessionId, round, agent.name, "evaluate"), encoded);
      if (fresh.result) relay.signed("evaluate", task, fresh.result, roundProposalHashes(task));
    } else if (phase === "attest") {
      const task = decodeMessage(attestTask, taken());
      ({ sessionId, round, deadline } = task);
      if (expired(task.deadline, log, agent.name, subject)) return;
      const evaluated = memory.get(`${sessionId}/${round}`);
      if (!evaluated) throw new Error(`nothing evaluated in session ${sessionId} round ${round} to attest`);
      narrowAttestable(evaluated, task.proposalHashes);
      const result = await buildAttestResult(agent.name, options.account, options.sessions, evaluated.task, evaluated.kept, task.proposalHashes);
      await deliver(subjects.result(sessionId, round, agent.name, "attest"), encodeMessage(evaluateResult, result));
      relay.signed("attest", evaluated.task, result, task.proposalHashes);
    } else {
      log(`[${agent.name}] ignoring task on ${subject}`);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof AnswerNotDelivered) {
      // Its bytes went on the wire, and a try whose ack was lost may be stored: the orchestrator
      // may hold this answer already, and a signed failure for the same phase would be a second,
      // different answer (equivocation: both discarded). So nothing more is sent for the phase.
      log(`[${agent.name}] ${phase} answer not delivered: ${reason}; no failure is sent for the phase, since the answer may have arrived`);
      return;
    }
    const unchecked = error instanceof ConcordError && error.code === "CHAIN_UNREACHABLE";
    if (error instanceof TaskNotForAgent || error instanceof PhaseAlreadyAnswered || unchecked || (answering && answers.answered(answering))) {
      // Not a task of this agent's, a task the chain could not vouch for, or a phase it answered:
      // any reply would be a second answer (or an answer to a stranger), so it sends nothing.
      log(`[${agent.name}] ignoring ${subject}: ${reason}`);
      return;
    }
    const kind = error instanceof ConcordError && error.code === "AGENT_SKIPPED" ? "skipped" : "failed";
    log(`[${agent.name}] ${phase} ${kind}: ${reason}`);
    if (!sessionId || round < 1) return; // nothing to address a failure to: the task itself was malformed
    // A refusal the agent will not retry carries its signed decline: evidence the chain accepts.
    const at = { sessionId, round, phase };
    // A decline names the session, not the round: with the chain at hand, none once a round is recorded.
    const mayDecline = !check || !declinesSession(at, error) || await check.stillUnworked(sessionId);
    const failure = await buildFailedResult(agent.name, options.account, options.sessions, at, error, mayDecline);
    await publish(subjects.result(sessionId, round, agent.name, phase, kind), encodeMessage(failedResult, failure)).catch((cause) => log(`[${agent.name}] could not report failure: ${String(cause)}`));
  }
}

/** A phase's answer was made and signed, but its publish gave up (the deadline, or the stream refused it). */
class AnswerNotDelivered extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "AnswerNotDelivered";
  }
}

/**
 * Signed JetStream publish with a message id equal to the subject: a redelivered or retried
 * answer is deduplicated by the stream.
 */
async function publishSigned(
  nc: NatsConnection, account: LocalAccount, subject: string, data: Uint8Array,
  until: Omit<PublishUntilOptions, "msgID" | "headers">,
) {
  return publishUntil(nc, subject, data, { ...until, msgID: subject, headers: await signedHeaders(account, data) });
}

/**
 * Each round's own proposal hash, per roundKey: an evaluate task's `ownProposal` must be it. The
 * ballot signs that hash as this agent's proposal, so an orchestrator that put another text there
 * (its own, salted by itself) would get the agent's signature on a proposal it never made.
 */
type OwnProposals = Map<string, string>;
/** Rounds whose own proposal is remembered: far more than the sessions one agent runs at once. */
const PROPOSALS_KEPT = 4_096;

/**
 * A round of a session. `identity` is the session's on-chain task hash when tasks are checked, so
 * a fresh chain that reuses a session id with another task is another session; unchecked, a
 * session is its id alone, so no made-up task text opens a round again.
 */
function roundKey(task: { sessionId: string; round: number }, identity: string): string {
  return `session ${task.sessionId}${identity && ` (task ${identity})`} round ${task.round}`;
}

function phaseKey(task: { sessionId: string; round: number }, identity: string, phase: Phase): string {
  return `${roundKey(task, identity)} ${phase}`;
}

/** A task's content, its deadline aside: a resend, or the same phase asked again with a later deadline, is the same task. */
function taskDigest(task: ProposeTask | EvaluateTask): string {
  const { deadline: _deadline, ...content } = task;
  return keccakHex(new TextEncoder().encode(JSON.stringify(content)));
}

/** Refuses an evaluate task whose own proposal is not the one this agent proposed in the round. */
function checkOwnProposal(proposed: OwnProposals, task: EvaluateTask, identity: string): void {
  const own = proposed.get(roundKey(task, identity));
  if (own === undefined) {
    throw new ConcordError("INVALID_PROPOSAL_HASH", `asked to evaluate round ${task.round} of session ${task.sessionId}, where this agent proposed nothing it remembers: it signs no ballot naming a proposal as its own that it cannot vouch for`);
  }
  if (own !== task.ownProposal.proposalHash.toLowerCase()) {
    throw new ConcordError("INVALID_PROPOSAL_HASH", `the task's own proposal ${task.ownProposal.proposalHash} is not the one this agent proposed in round ${task.round} (${own})`);
  }
}

/** A task whose deadline has passed is answered by nobody: no model call, nothing sent. */
function expired(deadline: number, log: (line: string) => void, agent: string, subject: string): boolean {
  if (deadline > Date.now()) return false;
  log(`[${agent}] ignoring ${subject}: its deadline passed before it arrived`);
  return true;
}

/** What the agent evaluated, per session and round, so it can re-attest without its model. */
type EvaluationMemory = Map<string, Evaluated>;
/**
 * `attestable`: the proposal hashes (lower case) the agent may still attest over: the round's, then
 * those of its last attest ballot. An attest only narrows the set, as the orchestrator's does when
 * agents drop out; else one orchestrator could collect ballots over many subsets of one round and
 * record the partial round it likes.
 */
interface Evaluated { task: EvaluateTask; kept: CandidateEvaluation[]; attestable: Set<string> }
const MEMORY_LIMIT = 256;

function remember(memory: EvaluationMemory, task: EvaluateTask, kept: CandidateEvaluation[]): void {
  const attestable = new Set([task.ownProposal, ...task.candidates].map((p) => p.proposalHash.toLowerCase()));
  setBounded(memory, `${task.sessionId}/${task.round}`, { task, kept, attestable }, MEMORY_LIMIT);
}

/** Refuses (sending nothing) an attest over a proposal outside the last set; else makes `hashes` the set. */
function narrowAttestable(evaluated: Evaluated, hashes: readonly string[]): void {
  const asked = hashes.map((h) => h.toLowerCase());
  const outside = asked.find((h) => !evaluated.attestable.has(h));
  if (outside !== undefined) {
    throw new TaskNotForAgent("TASK_NOT_FOR_AGENT", `asked to attest round ${evaluated.task.round} of session ${evaluated.task.sessionId} over ${outside}, outside the proposals of its last ballot of the round: an attest only narrows the set`);
  }
  evaluated.attestable = new Set(asked);
}

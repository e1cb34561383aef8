// POST /api/jobs: queues the job of a session someone created (and paid for) on chain, so a page
// with only a wallet can start a deliberation. Only the session's on-chain submitter may: the body
// carries their EIP-712 JobRequest signature over the deployment, the session, the task's hash
// and the effort (sdk/protocol/job-request.ts), checked against `submitter` read from the chain.
// Only `application/json` is read: a cross-origin page cannot send that without a CORS preflight,
// which this server never grants. Everything but the task text and the effort comes from the
// chain (the worker reads it there again when it starts the session); the task must hash to the
// session's taskHash. One job per session: its NATS message id is the session id, so a second
// request queues nothing and is answered 409 (docs/security.md).
import type { ServerResponse } from "node:http";
import type { NatsConnection } from "@nats-io/transport-node";
import { keccak256, stringToBytes } from "viem";
import { z } from "zod";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import {
  decimalIdWith, DEFAULT_EFFORT, hexBytes, sessionJob, sessionStatusCode, sessionStatuses,
} from "@concord/agent-sdk/protocol";
import { readSession } from "../../chain/actions/index.ts";
import { agentNamesForSigners } from "../../nats/resolve-agents.ts";
import { submitJob } from "../../jobs/submit-job.ts";
import { verifyJobRequest } from "../../jobs/verify-job-request.ts";
import { staleReason } from "../../state/snapshot-origin.ts";
import { openSessionStore } from "../../state/session-store.ts";
import { sendApiError, sendJson, type ApiContext, type ApiRoute } from "./api-route.ts";
import { readJsonBody } from "./json-body.ts";
import { serverSlots } from "./server-slots.ts";

export const submitJobBody = z.object({
  sessionId: decimalIdWith("a session id (decimal)"),
  task: sessionJob.shape.task,
  effort: sessionJob.shape.effort.unwrap().optional(),
  /**
   * The submitter's JobRequest signature (65 bytes for an account; longer for a contract wallet).
   * Optional in the schema only so that its absence is answered 401, not as a malformed body.
   */
  signature: hexBytes.refine((v) => v.length >= 132 && v.length <= 2 + 2 * 4096, "a signature (0x hex, 65 bytes or more)").optional(),
}).strict();

/** The largest body read: a 20 000-character task in UTF-8, with room for the JSON around it. */
const maxBodyBytes = 128 * 1024;

/** How long to listen for the agents' heartbeats (they beat every 2 s). */
export const HEARTBEAT_WINDOW_MS = 5_000;

/**
 * Job requests one server answers at once. Each reads the chain (and checks a signature through
 * it) and may listen up to HEARTBEAT_WINDOW_MS for heartbeats; past the limit a request is refused
 * 429 at once, so a flood holds no more than this many. Taken once the body is read: a client
 * that sends its body slowly holds a socket, never a slot.
 */
export const MAX_JOB_REQUESTS_IN_FLIGHT = 32;
const enterJobRequest = serverSlots(MAX_JOB_REQUESTS_IN_FLIGHT);

export const submitJobRoute: ApiRoute = {
  method: "POST",
  path: /^\/api\/jobs$/,
  async handle(req, res, _params, ctx) {
    const body = await readJsonBody(req, res, submitJobBody, maxBodyBytes);
    if (body === undefined) return;
    if (ctx.nc === undefined) return sendApiError(res, 503, "NATS_UNREACHABLE", "this server has no NATS connection to queue jobs on");
    const release = enterJobRequest(ctx);
    if (release === undefined) {
      return sendApiError(res, 429, "SERVER_BUSY", `this server is already answering ${MAX_JOB_REQUESTS_IN_FLIGHT} job requests; retry in a few seconds`);
    }
    try {
      await queueJob(res, ctx, ctx.nc, body);
    } finally {
      release();
    }
  },
};

/** Checks a job request against the chain and the agents' heartbeats, and queues it or says why not. */
async function queueJob(res: ServerResponse, ctx: ApiContext, nc: NatsConnection, body: z.infer<typeof submitJobBody>): Promise<void> {
  const { sessionId, task, signature } = body;
  const effort = body.effort ?? DEFAULT_EFFORT;
  const id = BigInt(sessionId);
  const { publicClient } = ctx.chain;
  const read = { address: ctx.deployment.contracts.Sessions, abi: sessionsAbi } as const;
  // Ids run 1..sessionCount; getSession reverts (UnknownSession) past it.
  if (id > (await publicClient.readContract({ ...read, functionName: "sessionCount" }))) {
    return sendApiError(res, 404, "SESSION_NOT_FOUND", `session ${sessionId} does not exist`);
  }
  const [session, block] = await Promise.all([
    readSession(ctx.chain, { sessionId: id }),
    publicClient.getBlock(),
  ]);
  // The effort is the submitter's to set: nobody else may queue (and so fix) the session's job.
  const { submitter } = session;
  if (signature === undefined) {
    return sendApiError(res, 401, "SIGNATURE_MISSING", `a job for session ${sessionId} must be signed by its submitter ${submitter} (EIP-712 JobRequest: chain, Sessions, session, task hash, effort)`);
  }
  if (!(await verifyJobRequest(ctx.chain, { sessionId: id, task, effort, submitter, signature }))) {
    return sendApiError(res, 403, "NOT_SUBMITTER", `the signature is not session ${sessionId}'s submitter ${submitter}'s over this job request (chain ${ctx.deployment.chainId}, Sessions ${ctx.deployment.contracts.Sessions}, session ${sessionId}, this task's hash, effort ${effort})`);
  }
  if (session.status !== sessionStatusCode("Open")) {
    return sendApiError(res, 409, "SESSION_NOT_OPEN", `session ${sessionId} is ${sessionStatuses[session.status] ?? session.status}, not Open`);
  }
  if (BigInt(session.deadline) <= block.timestamp) {
    return sendApiError(res, 409, "SESSION_NOT_OPEN", `session ${sessionId}'s deadline has passed`);
  }
  // Only the session's orchestrator may close rounds with absent agents and settle: a job for a
  // session naming someone else would be taken here and fail at its first record.
  const serving = ctx.deployment.orchestrator;
  if (serving !== undefined && session.orchestrator.toLowerCase() !== serving.toLowerCase()) {
    return sendApiError(res, 409, "ORCHESTRATOR_MISMATCH", `session ${sessionId} names orchestrator ${session.orchestrator}; this deployment's orchestrator is ${serving}`);
  }
  if (keccak256(stringToBytes(task)) !== session.taskHash) {
    return sendApiError(res, 422, "TASK_HASH_MISMATCH", `the task does not hash to session ${sessionId}'s task hash ${session.taskHash}`);
  }
  // An orchestrator saves a snapshot once it starts a session: a failed one is never run again
  // (the worker refuses it), a started one already has its job.
  // A snapshot of another session under the same key (a redeployed devnet) is not this one's.
  const stored = await (await openSessionStore(nc, ctx.deployment)).load(sessionId);
  const snapshot = stored && staleReason(stored, session) === undefined ? stored : undefined;
  if (snapshot?.failed !== undefined) {
    return sendApiError(res, 409, "SESSION_FAILED", `session ${sessionId}'s job failed (${snapshot.failed}); no orchestrator runs it again, so nothing would run: after the deadline its submitter may take the bounty back (fewer than minRounds recorded) or anyone may settle it`);
  }
  if (snapshot !== undefined) {
    return sendApiError(res, 409, "JOB_ALREADY_QUEUED", `session ${sessionId} is already running (${snapshot.rounds.length} round(s) recorded); this request changed nothing`);
  }
  const { signers } = session;
  const names = await agentNamesForSigners(nc, signers, HEARTBEAT_WINDOW_MS);
  const missing = signers.filter((_, i) => names[i] === undefined);
  if (missing.length > 0) {
    return sendApiError(res, 409, "AGENT_NOT_LIVE", `no heartbeat from the agent(s) signing with ${missing.join(", ")}; start them and retry`);
  }
  // The job carries only the task and the effort: the worker reads the rest from the chain.
  const job = await submitJob(nc, { sessionId, task, effort, signature }, { scope: ctx.deployment, deadline: session.deadline });
  if (job.duplicate) {
    return sendApiError(res, 409, "JOB_ALREADY_QUEUED", `a job for session ${sessionId} was queued in the last 10 minutes (one job per session, whatever its effort: the first request's stands, waiting, running or failed before it started); this request changed nothing`);
  }
  sendJson(res, 202, { sessionId, agents: names, minRounds: session.minRounds, maxRounds: session.maxRounds, effort: job.effort });
}

// Submits a task from a script, as `concord submit` does (which calls this): checks everything that
// could refuse the session (preflight-session.ts), then creates it on chain with the bounty
// escrowed, then queues its job. Nothing is sent unless every check passes: a refusal throws
// PreflightRefused carrying each problem (`problems`, each a ConcordError with its code).
import type { NatsConnection } from "@nats-io/transport-node";
import { keccak256, stringToBytes, type Hex } from "viem";
import { ConcordError, sessionJob } from "@concord/agent-sdk/protocol";
import type { z } from "zod";
import { DEFAULT_SESSION_SECONDS } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";
import { createSession, type CreateSessionParameters } from "../chain/actions/index.ts";
import type { Wallet } from "../chain/write-contract.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import { resolveAgents } from "../nats/resolve-agents.ts";
import { checkTask } from "./check-task.ts";
import { PreflightRefused } from "./preflight.ts";
import { preflightSession } from "./preflight-session.ts";
import { submitJob, type QueuedJob } from "./submit-job.ts";

export type SubmitSessionParameters = {
  task: string;
  /** The submitter, who pays the bounty. */
  wallet: Wallet;
  /** The panel by NATS name; absent: every agent heartbeating, less those that decline the task. */
  agents?: readonly string[];
  /** The session's terms as createSession takes them (the panel and the task's hash come from above). */
  session: Omit<CreateSessionParameters, "wallet" | "agentIds" | "taskHash">;
  effort?: number;
  budget?: z.input<typeof sessionJob>["budget"];
  /** How long each agent has to answer the acceptance probe (default 3 s). */
  probeTimeoutMs?: number;
  /**
   * Runs once every check passed, just before createSession is sent: until then no money moved,
   * so a failure before it (an agent not heard, a read that failed) cost the submitter nothing.
   */
  onCreating?(): void;
  /** Runs once the session exists, before its job is queued: subscribe to its events here to miss none. */
  onCreated?(created: SubmittedSession): void | Promise<void>;
};

export type SubmittedSession = {
  sessionId: bigint;
  txHash: Hex;
  /** The panel the session was created with, in on-chain order. */
  panel: PanelAgent[];
  /** What refused nothing but is worth saying (an agent left out, one that will skip every round). */
  notes: string[];
};

export type SubmitSessionReturnType = SubmittedSession & { job: QueuedJob };

export async function submitSession(nc: NatsConnection, chain: ChainContext, parameters: SubmitSessionParameters): Promise<SubmitSessionReturnType> {
  const { task, wallet } = parameters;
  // A task no job can carry is refused before the agents are even looked for.
  const taskProblem = checkTask(task);
  if (taskProblem) throw new PreflightRefused([taskProblem]);
  // The job is checked against its schema now (with a stand-in id), not after the bounty moved:
  // a job the queue refuses would leave the session escrowed with nothing to run it.
  const jobCheck = sessionJob.safeParse({ sessionId: "1", task, effort: parameters.effort, budget: parameters.budget });
  if (!jobCheck.success) {
    throw new PreflightRefused([new ConcordError("CONFIG_INVALID", `the session's job would be refused: ${jobCheck.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`)]);
  }
  // The deadline is fixed here (createSession would pick the same default): the job's id names it.
  const deadline = parameters.session.deadline ?? (await chain.publicClient.getBlock()).timestamp + DEFAULT_SESSION_SECONDS;
  const terms = { ...parameters.session, deadline, taskHash: keccak256(stringToBytes(task)) };
  const checked = await preflightSession(nc, chain, {
    task, panel: await resolveAgents(nc, chain, parameters.agents), trimPanel: parameters.agents === undefined,
    submitter: wallet.account.address, session: terms, probeTimeoutMs: parameters.probeTimeoutMs,
  });
  if (checked.problems.length > 0) throw new PreflightRefused(checked.problems);
  const { panel, notes } = checked;
  parameters.onCreating?.();
  const { sessionId, txHash } = await createSession(chain, { ...terms, wallet, agentIds: panel.map((a) => a.agentId) });
  const created = { sessionId, txHash, panel, notes };
  await parameters.onCreated?.(created);
  const job = await submitJob(nc, { sessionId: sessionId.toString(), task, effort: parameters.effort, budget: parameters.budget }, { scope: chain.deployment, deadline });
  return { ...created, job };
}

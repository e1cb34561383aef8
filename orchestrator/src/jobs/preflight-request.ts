// The preflight of a session described by on-chain agent ids, as the dApp's form chooses them (the
// CLI names agents by NATS name instead): resolves the ids to the panel, then runs the same checks
// as `concord submit` (preflight-session.ts) and answers in the wire shape of POST /api/preflight,
// every problem with a person's message and, when it is about one agent, that agent.
import type { NatsConnection } from "@nats-io/transport-node";
import { keccak256, stringToBytes } from "viem";
import type { ConcordError, PreflightAnswer, PreflightProblem, PreflightRequest } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";
import { resolveAgentIds } from "./resolve-agent-ids.ts";
import { checkTask } from "./check-task.ts";
import { AgentProblem, type PreflightResult } from "./preflight.ts";
import { preflightSession } from "./preflight-session.ts";

export type PreflightRequestOptions = {
  /** How long to listen for the agents' heartbeats (they beat every 2 s; default 5 s). */
  heartbeatWindowMs?: number;
  /** How long each agent has to answer the acceptance probe (default 3 s). */
  probeTimeoutMs?: number;
};

export async function preflightRequestAnswer(
  nc: NatsConnection, chain: ChainContext, request: PreflightRequest, options: PreflightRequestOptions = {},
): Promise<PreflightAnswer> {
  const resolved = await resolveAgentIds(nc, chain, request.agentIds.map(BigInt), options.heartbeatWindowMs);
  const problems: ConcordError[] = [...resolved.problems];
  let checked: PreflightResult | undefined;
  if (resolved.problems.length === 0) {
    const now = (await chain.publicClient.getBlock()).timestamp;
    checked = await preflightSession(nc, chain, {
      task: request.task, panel: resolved.panel, submitter: request.submitter, probeTimeoutMs: options.probeTimeoutMs,
      session: {
        taskHash: keccak256(stringToBytes(request.task)), token: request.token, bounty: BigInt(request.bounty),
        orchestrator: request.orchestrator, minRounds: request.minRounds, maxRounds: request.maxRounds,
        voteCredits: request.voteCredits, absenceGrace: request.absenceGrace,
        deadline: now + BigInt(request.deadlineSeconds ?? 3_600), taskURI: request.taskURI, taskFamily: request.taskFamily,
      },
    });
    problems.push(...checked.problems);
  } else {
    // The panel must be fixed first; the task can be judged already.
    const taskProblem = checkTask(request.task);
    if (taskProblem) problems.push(taskProblem);
  }
  const answerOf = new Map(checked?.answers.map(({ agent, answer }) => [agent.agentId, answer]));
  return {
    ok: problems.length === 0,
    problems: problems.map(problemJson),
    agents: resolved.declared.map(({ agentId, modelId, heartbeat }) => {
      const answer = answerOf.get(agentId);
      return {
        agentId: agentId.toString(), modelId, live: heartbeat !== undefined,
        capabilities: heartbeat?.capabilities ?? [],
        ...(heartbeat ? { name: heartbeat.agent } : {}),
        ...(answer ? { accepts: answer.accepts } : {}),
        ...(answer && !answer.accepts ? { reason: answer.reason } : {}),
      };
    }),
    notes: checked?.notes ?? [],
  };
}

/** A problem on the wire: its code, its message without the code in front, and its agent. */
export function problemJson(error: ConcordError): PreflightProblem {
  const prefix = `${error.code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  if (!(error instanceof AgentProblem)) return { code: error.code, message };
  return { code: error.code, message, agentId: error.agent.agentId.toString(), ...(error.agent.name ? { agent: error.agent.name } : {}) };
}

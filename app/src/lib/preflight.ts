// The check before money moves, from the page: POST /api/preflight with the createSession the
// form is about to send (the server runs `concord submit`'s checks: the task, each agent's answer,
// the submitter's funds). The answer is validated at this edge with the server's own schema; an
// unreachable or failing server is a result too, so the form can say so and send nothing.
import { z } from "zod";
import type { Address } from "viem";
import { preflightAnswer, taskDataUri, type PreflightAnswer, type PreflightProblem, type PreflightRequest } from "@concord/agent-sdk/protocol";
import type { FetchLike } from "./dapp-config.ts";
import type { SubmitParams } from "./submitForm.ts";

export type PreflightResult =
  | { readonly kind: "answer"; readonly answer: PreflightAnswer }
  | { readonly kind: "error"; readonly message: string };

const apiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The request for exactly the createSession the form will send (useSubmitSession.create). */
export function preflightBody(params: SubmitParams, submitter: Address): PreflightRequest {
  return {
    task: params.task, agentIds: params.agentIds.map(String), submitter, token: params.currency.address,
    bounty: params.bounty.toString(), orchestrator: params.orchestrator, minRounds: params.minRounds, maxRounds: params.maxRounds,
    voteCredits: params.voteCredits, absenceGrace: params.absenceGrace, deadlineSeconds: params.deadlineSeconds,
    taskURI: taskDataUri(params.task),
    ...(params.taskFamily === undefined ? {} : { taskFamily: params.taskFamily }),
  };
}

/**
 * How long the page waits for the server's answer. The server listens 5 s for heartbeats and gives
 * each agent 3 s to answer, so a longer wait means it is stuck: say so rather than keep the form locked.
 */
export const PREFLIGHT_TIMEOUT_MS = 20_000;

export async function postPreflight(fetchFn: FetchLike, body: PreflightRequest, timeoutMs = PREFLIGHT_TIMEOUT_MS): Promise<PreflightResult> {
  let response: Response;
  let json: unknown;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    response = await fetchFn("/api/preflight", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: abort.signal,
    });
    json = await response.json();
  } catch (cause) {
    const why = abort.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : cause instanceof Error ? cause.message : String(cause);
    return { kind: "error", message: `the dApp server could not be asked (${why})` };
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) {
    const parsed = preflightAnswer.safeParse(json);
    return parsed.success ? { kind: "answer", answer: parsed.data } : { kind: "error", message: "the dApp server's answer was not understood" };
  }
  const refused = apiError.safeParse(json);
  return { kind: "error", message: refused.success ? refused.data.error.message : `the dApp server answered HTTP ${response.status}` };
}

/** Where the form shows each problem: by its field, by its agent, or in the summary. */
export type PlacedProblems = {
  readonly task: readonly string[];
  readonly bounty: readonly string[];
  /** By agent id (decimal). */
  readonly agents: ReadonlyMap<string, readonly string[]>;
  readonly general: readonly string[];
};

export function placeProblems(problems: readonly PreflightProblem[]): PlacedProblems {
  const task: string[] = [], bounty: string[] = [], general: string[] = [];
  const agents = new Map<string, string[]>();
  for (const p of problems) {
    const text = sentence(p.message);
    if (p.agentId !== undefined) agents.set(p.agentId, [...(agents.get(p.agentId) ?? []), text]);
    else if (p.code === "TASK_INVALID") task.push(text);
    else if (p.code === "INSUFFICIENT_FUNDS") bounty.push(text);
    else general.push(text);
  }
  return { task, bounty, agents, general };
}

/** "the task text is empty" → "The task text is empty." */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

// The baselines' model calls, through the same provider interface the panel's agents deliberate
// with (AgentDefinition.solve), so a simulated panel and a real endpoint are asked the same way.
// The caller checks that every member has a solve before anything runs.
import type { AgentDefinition } from "@concord/agent-sdk/agent";
import type { Sample } from "./score.ts";
import type { BenchTask } from "./task-set.ts";

export interface SampleRequest {
  member: number;
  /** Sample indices to ask for. */
  samples: readonly number[];
}

/** Asks one task's samples all at once; returns them per request and the wall time of the batch. */
export async function askSamples(
  panel: readonly AgentDefinition[], task: BenchTask, requests: readonly SampleRequest[], timeoutMs: number,
): Promise<{ samples: Sample[][]; ms: number }> {
  const started = performance.now();
  const samples = await Promise.all(
    requests.map(({ member, samples: indices }) => Promise.all(indices.map((k) => solveOnce(panel[member]!, task, k, timeoutMs)))),
  );
  return { samples, ms: performance.now() - started };
}

async function solveOnce(agent: AgentDefinition, task: BenchTask, sample: number, timeoutMs: number): Promise<Sample> {
  const started = performance.now();
  try {
    const answer = await agent.solve!({ task: task.problem, sample, deadline: Date.now() + timeoutMs });
    const tokens = answer.usage ? answer.usage.promptTokens + answer.usage.completionTokens : 0;
    return { solution: answer.solution, confidence: answer.confidence, tokens, ms: performance.now() - started };
  } catch {
    // A failed call is spent and answers nothing: an empty solution with no weight in any vote
    // (the report counts them).
    return { solution: "", confidence: 0, tokens: 0, ms: performance.now() - started };
  }
}

/** Runs `work` over the items with at most `limit` in flight, results in item order. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

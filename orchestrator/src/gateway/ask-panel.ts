// One chat request's deliberation: the session created on chain (the gateway's payer pays the
// bounty), its job queued, then its events followed until it settles or fails. The answer is the
// settled session's final answer as the orchestrator stored it (the public transcript's `final`).
import type { NatsConnection } from "@nats-io/transport-node";
import type { ChatCompletionConcord, SessionEvent } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";
import { submitSession } from "../jobs/submit-session.ts";
import { sessionEventFeed, type SessionEventFeed } from "../nats/session-event-feed.ts";
import { publicTranscript } from "../state/public-transcript.ts";
import { readStoredSession } from "../state/stored-session.ts";
import type { ChatGateway, GatewayPanel } from "./chat-gateway.ts";
import type { CompletionUsage } from "./chat-completion-body.ts";
import { sessionUsage } from "./session-usage.ts";

export type PanelAnswer =
  | { readonly kind: "answered"; readonly answer: string; readonly concord: ChatCompletionConcord; readonly usage: CompletionUsage }
  | { readonly kind: "failed"; readonly sessionId: string; readonly reason: string }
  | { readonly kind: "timeout"; readonly sessionId: string };

/**
 * Runs `task` on `panel`; throws PreflightRefused (nothing paid) when a check refuses it.
 * `onEvent` sees each session event as it comes (the stream's progress); `onPaying` is told just
 * before the session's creation is sent, the first step that may move the payer's money.
 */
export async function askPanel(
  nc: NatsConnection, chain: ChainContext, gateway: ChatGateway, panel: GatewayPanel, task: string,
  onEvent?: (event: SessionEvent) => void, onPaying?: () => void,
): Promise<PanelAnswer> {
  const orchestrator = chain.deployment.orchestrator;
  if (orchestrator === undefined) throw new Error("the deployment names no orchestrator to run the gateway's sessions");
  let feed: SessionEventFeed | undefined;
  const submitted = await submitSession(nc, chain, {
    task, wallet: gateway.payer, agents: panel.agents,
    session: { orchestrator, minRounds: gateway.minRounds, maxRounds: gateway.maxRounds, bounty: gateway.bounty, taskFamily: panel.taskFamily },
    onCreating: onPaying,
    // Followed from before the job is queued, so no event is missed.
    onCreated: async ({ sessionId }) => void (feed = await sessionEventFeed(nc, sessionId.toString())),
  }).catch(async (error: unknown) => {
    // Created but not queued: nothing will come, so the consumer must not outlive the request.
    await feed?.stop();
    throw error;
  });
  const sessionId = submitted.sessionId.toString();
  const timer = setTimeout(() => void feed!.stop(), gateway.timeoutMs);
  let scores: number[] = [];
  let rounds = 0;
  let final: SessionEvent | undefined;
  try {
    for await (const { event } of feed!) {
      onEvent?.(event);
      if (event.type === "round-recorded") [scores, rounds] = [event.scores, event.round];
      if (event.type === "session-settled" || event.type === "session-failed") final = event;
    }
  } finally {
    clearTimeout(timer);
  }
  if (final === undefined) return { kind: "timeout", sessionId };
  if (final.type === "session-failed") return { kind: "failed", sessionId, reason: final.reason };
  if (final.type !== "session-settled") throw new Error("unreachable");
  const { snapshot, halted } = await readStoredSession(nc, chain.deployment, sessionId);
  const transcript = snapshot && publicTranscript(snapshot, halted);
  if (!transcript?.final) return { kind: "failed", sessionId, reason: "the session settled but its stored transcript has no final answer" };
  return {
    kind: "answered",
    usage: sessionUsage(snapshot),
    answer: transcript.final.answer,
    concord: {
      sessionId, agents: submitted.panel.map((a) => a.name), rounds, outcome: transcript.halt?.outcome,
      scores, winner: final.winner, settledTxHash: final.txHash,
    },
  };
}

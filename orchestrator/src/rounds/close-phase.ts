// The end of a phase: reported (reporter, event stream), and every asked agent that did not answer
// taken out of the round with its reason.
import type { Phase } from "@concord/agent-sdk/protocol";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { PhaseCollection, Rejection } from "./collect-phase.ts";
import type { RoundContext } from "./round-context.ts";

export function closePhase<T>(ctx: RoundContext, phase: Phase, collected: PhaseCollection<T>, asked: readonly PanelAgent[]): void {
  const { deps, publishEvent, round, session } = ctx;
  const names = asked.map((agent) => agent.name);
  const answered = names.filter((n) => collected.answers.has(n));
  const missing = names.filter((n) => !collected.answers.has(n));
  deps.reporter?.phaseClosed?.(round, phase, { answered, missing, rejected: collected.rejected });
  publishEvent.queue({ type: "phase-closed", sessionId: session, round, phase, answered, missing });
  for (const name of missing) {
    const failure = collected.failures.get(name);
    const reason = failure ?? refusedReason(collected.rejected.filter((r) => r.agent === name)) ?? "no answer before the deadline";
    ctx.leave(name, `${phase}: ${reason}`);
  }
}

/** Reasons shown for one agent's refused results: the first few, then how many more. */
const SHOWN_REFUSALS = 3;

/** Why an agent's results were refused, in a few words whatever it sent: the first reasons and a count. */
export function refusedReason(rejections: readonly Rejection[]): string | undefined {
  if (rejections.length === 0) return undefined;
  const total = rejections.reduce((sum, r) => sum + (r.count ?? 1), 0);
  const shown = rejections.slice(0, SHOWN_REFUSALS).map((r) => clip(r.reason));
  const more = total - shown.length;
  return `refused (${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""})`;
}

/** One reason's first characters: a reason may quote what the agent sent. */
const SHOWN_REASON_CHARS = 200;
const clip = (reason: string) => (reason.length > SHOWN_REASON_CHARS ? `${reason.slice(0, SHOWN_REASON_CHARS)}…` : reason);

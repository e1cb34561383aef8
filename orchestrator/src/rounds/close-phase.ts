// The end of a phase: reported (reporter, event stream), and every asked agent that did not answer
// taken out of the round with its reason.
import type { Phase } from "@concord/agent-sdk/protocol";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { PhaseCollection } from "./collect-phase.ts";
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
    const rejections = collected.rejected.filter((r) => r.agent === name).map((r) => r.reason);
    const reason = failure ?? (rejections.length ? `refused (${rejections.join("; ")})` : "no answer before the deadline");
    ctx.leave(name, `${phase}: ${reason}`);
  }
}

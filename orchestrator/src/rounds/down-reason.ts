// Liveness as a phase reads it: why an agent it awaits is known to be down, judged only by the
// heartbeats the agent's panel key signed.
import type { RoundContext } from "./round-context.ts";

/** Why an awaited agent is known to be down, from the heartbeats its panel key signed. */
export function downReasonOf(ctx: RoundContext, signers: ReadonlyMap<string, string>) {
  const liveness = ctx.deps.liveness;
  if (!liveness) return undefined;
  return (agent: string) => {
    const state = liveness.of(agent, undefined, signers.get(agent));
    return state.state === "down" ? state.reason : undefined;
  };
}

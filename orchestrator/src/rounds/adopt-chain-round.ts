// A round as the chain recorded it, when that is not the round this orchestrator tallied. A
// complete round may be recorded by anyone (every ballot signed), so while this orchestrator
// re-attested without an agent it did not hear from, a relayer (or that agent) may have recorded
// the complete version from the relayed ballots first; the orchestrator's own record then fails
// and reads the chain's back (recordRoundOnce). The chain's version is the one settlement pays
// and names the winner from, so the round is brought in line with it: scores, winner, who was
// present and their proposals. A ballot this orchestrator never accepted stays unknown (0) in its
// transcript. What halting already decided on its own tally stands.
import type { ProposeResult } from "@concord/agent-sdk/protocol";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { RoundOutcome, TalliedRound } from "../state/round-outcome.ts";

/** Brings `round` in line with `onChain` when they differ; says what changed, or undefined. */
export function adoptChainRound(round: TalliedRound, onChain: RoundOutcome["onChain"], panel: readonly PanelAgent[]): string | undefined {
  const present = onChain.recorded
    ? panel.flatMap((_, i) => ((onChain.recorded!.present >> BigInt(i)) & 1n ? [i] : []))
    : round.present;
  const scores = onChain.scores.map(Number);
  const same = onChain.winnerIndex === round.winnerIndex && present.length === round.present.length &&
    present.every((i, k) => round.present[k] === i) && scores.every((s, i) => s === round.scores[i]);
  if (same) return undefined;
  const restored = present.filter((i) => round.proposals[i] === undefined);
  const unknown = restored.filter((i) => round.received?.[i] === undefined);
  if (unknown.length > 0) {
    return `round ${round.round} on chain counts proposals this orchestrator does not hold (of ${unknown.map((i) => panel[i]!.name).join(", ")}); kept its own tally`;
  }
  const before = `winner ${panel[round.winnerIndex]!.name}, present ${round.present.map((i) => panel[i]!.name).join(", ")}`;
  round.proposals = round.proposals.map((p, i): ProposeResult | undefined => (present.includes(i) ? p ?? round.received![i] : undefined));
  round.present = present;
  round.scores = scores;
  round.winnerIndex = onChain.winnerIndex;
  const names = new Set(present.map((i) => panel[i]!.name));
  round.absent = round.absent.filter((a) => !names.has(a.agent));
  return `round ${round.round} on chain is not the one tallied here (${before}): ` +
    `adopted the chain's, winner ${panel[round.winnerIndex]!.name}, present ${present.map((i) => panel[i]!.name).join(", ")}`;
}

// Builds each proposer's feedback from the last round (NSED §2.1): the score matrix, its own
// proposal cut short with its score and rank, the critiques it received, and the contested claims.
// Peers get labels drawn per recipient and round (draws.ts), so feedback reveals no identity.
import { type EvaluateResult, FEEDBACK_EXCERPT_CHARS, peerLabelAt, type RoundFeedback } from "@concord/agent-sdk/protocol";
import type { Draws, Shuffle } from "./draws.ts";
import type { TalliedRound } from "../state/round-outcome.ts";

const CUT = FEEDBACK_EXCERPT_CHARS;
const cut = (text: string) => (text.length > CUT ? `${text.slice(0, CUT - 1)}…` : text);

function peerLabels(recipient: number, count: number, shuffle: Shuffle): Map<number, string> {
  const others = shuffle(Array.from({ length: count }, (_, i) => i).filter((i) => i !== recipient));
  const labels = new Map<number, string>([[recipient, "You"]]);
  others.forEach((agent, position) => labels.set(agent, peerLabelAt(position)));
  return labels;
}

/** Claims on which evaluators of the round both agreed and disagreed, most discussed first. */
export function contestedClaims(evaluations: readonly (EvaluateResult | undefined)[]): RoundFeedback["contestedClaims"] {
  const tally = new Map<string, { claim: string; agree: number; disagree: number }>();
  for (const evaluation of evaluations) {
    for (const candidate of evaluation?.evaluations ?? []) {
      for (const { claim, verdict } of candidate.claims) {
        const key = claim.trim().toLowerCase();
        const entry = tally.get(key) ?? { claim: claim.trim(), agree: 0, disagree: 0 };
        if (verdict === "agree") entry.agree += 1;
        if (verdict === "disagree") entry.disagree += 1;
        tally.set(key, entry);
      }
    }
  }
  return [...tally.values()]
    .filter((c) => c.agree > 0 && c.disagree > 0)
    .sort((a, b) => b.agree + b.disagree - (a.agree + a.disagree))
    .slice(0, 50);
}

export function buildFeedback(recipient: number, last: TalliedRound, draws: Draws): RoundFeedback | undefined {
  const own = last.proposals[recipient];
  if (!own) return undefined;
  const count = last.proposals.length;
  const labels = peerLabels(recipient, count, draws.shuffleFor("peers", last.round, recipient));
  const order = [...labels.entries()].sort((a, b) => (a[1] === "You" ? -1 : b[1] === "You" ? 1 : a[1].localeCompare(b[1])));
  const score = last.scores[recipient]!;

  const critiques: RoundFeedback["critiques"] = [];
  last.evaluations.forEach((evaluation, evaluator) => {
    if (!evaluation || evaluator === recipient) return;
    const onMine = evaluation.evaluations.find((e) => last.authorOf[evaluator]?.get(e.label) === recipient);
    if (onMine) {
      critiques.push({ from: labels.get(evaluator)!, endorsement: onMine.endorsement, stance: onMine.stance, justification: onMine.justification });
    }
  });

  return {
    round: last.round,
    scoreMatrix: {
      labels: order.map(([, label]) => label),
      rows: order
        .filter(([evaluator]) => last.evaluations[evaluator] !== undefined)
        .map(([evaluator, label]) => ({
          evaluator: label,
          votes: order.map(([author]) => (author === evaluator || !last.proposals[author] ? null : last.ballots[evaluator]![author]!)),
        })),
    },
    ownProposal: {
      solution: cut(own.solution),
      thoughtProcess: cut(own.thoughtProcess),
      score,
      rank: 1 + last.scores.filter((s, i) => last.proposals[i] && s > score).length,
      of: last.proposals.filter(Boolean).length,
    },
    critiques,
    contestedClaims: contestedClaims(last.evaluations),
  };
}

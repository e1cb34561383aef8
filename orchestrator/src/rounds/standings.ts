// A tallied round as halting and the outcome label read it: the agents present in it, in ballot
// order, with what the session's weights say of each and the round's checks of each proposal.
import { reliabilityOfWeight, roundTermsWeight, type RoundStanding } from "@concord/agent-sdk/protocol";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { TalliedRound } from "../state/round-outcome.ts";
import { RoundMembers } from "./round-members.ts";

/**
 * A recorded round over the agents present in it, in ballot order: an absent agent has neither a
 * position nor a score, so halting and the outcome label read only these.
 */
export function standings(panel: readonly PanelAgent[], outcome: TalliedRound, roundTerms: bigint): { present: RoundMembers; standing: RoundStanding } {
  const present = RoundMembers.ofProposals(panel, outcome.proposals, outcome.present);
  const standing = {
    scores: present.fromPanel(outcome.scores, 0),
    solutions: present.list.map((m) => m.proposal.solution),
    winner: present.positionOf(outcome.winnerIndex),
    // What the agents' histories say of them: the weights the session was created with.
    reliabilities: present.list.map((m) => reliabilityOfWeight(roundTermsWeight(roundTerms, m.index))),
    // The round's checks of each proposal (ballots[e][j]: e's vote for j), in the same order.
    ballots: present.list.map((m) => present.fromPanel(outcome.ballots[m.index] ?? [], 0)),
  };
  return { present, standing };
}

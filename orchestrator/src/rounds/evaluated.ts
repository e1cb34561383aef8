// What the ballot phases (evaluate, attest) leave: the ballots accepted and the members they cover,
// and its form in a snapshot (panel-indexed, null where there is nothing).
import type { ProposeResult } from "@concord/agent-sdk/protocol";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { RoundInProgress } from "../state/snapshot.ts";
import type { PhaseCollection } from "./collect-phase.ts";
import { type Member, RoundMembers } from "./round-members.ts";
import type { AcceptedEvaluation } from "./verify-results.ts";

export interface Evaluated {
  /** The agents the ballots are over: fewer after a re-attestation. */
  members: RoundMembers;
  /** Per evaluator (panel-indexed): the label → author (panel index) mapping it was shown. */
  authorOf: Map<string, number>[];
  /** The accepted ballots, by their evaluator's panel index. */
  accepted: Map<number, AcceptedEvaluation>;
}

export interface Ballot {
  member: Member;
  evaluation: AcceptedEvaluation;
}

/** The members' accepted ballots in ballot order: fewer than the members when some did not attest. */
export function ballotsOf({ members, accepted }: Evaluated): Ballot[] {
  return members.list.flatMap((member) => {
    const evaluation = accepted.get(member.index);
    return evaluation ? [{ member, evaluation }] : [];
  });
}

/** A ballot phase's answers, by the panel index of the member that gave each. */
export function acceptedBy(members: RoundMembers, collected: PhaseCollection<AcceptedEvaluation>): Map<number, AcceptedEvaluation> {
  return new Map(members.list.flatMap((m) => {
    const evaluation = collected.answers.get(m.agent.name);
    return evaluation ? [[m.index, evaluation] as const] : [];
  }));
}

export function storeEvaluated(panel: readonly PanelAgent[], evaluated: Evaluated): NonNullable<RoundInProgress["evaluated"]> {
  return {
    authorOf: evaluated.authorOf.map((m) => [...m.entries()]),
    evaluations: panel.map((_, i) => evaluated.accepted.get(i) ?? null),
    members: evaluated.members.indices,
  };
}

export function loadEvaluated(
  panel: readonly PanelAgent[], proposals: readonly (ProposeResult | undefined)[], stored: NonNullable<RoundInProgress["evaluated"]>,
): Evaluated {
  return {
    members: RoundMembers.ofProposals(panel, proposals, stored.members),
    authorOf: stored.authorOf.map((entries) => new Map(entries)),
    accepted: new Map(stored.evaluations.flatMap((e, i) => (e ? [[i, e] as const] : []))),
  };
}

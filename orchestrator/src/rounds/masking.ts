// Identity masking: each evaluator sees the others' proposals in a fresh random order under
// Candidate_X labels. Only the orchestrator keeps the label → author mapping.
import { type MaskedCandidate, maskLabelAt, type ProposeResult } from "@concord/agent-sdk/protocol";
import { shuffle } from "./shuffle.ts";

export interface MaskedView {
  candidates: MaskedCandidate[];
  /** label → index of the author in the panel. */
  authorOf: Map<string, number>;
}

/** proposals[i] is panel agent i's proposal (undefined when it did not propose). */
export function maskFor(evaluator: number, proposals: readonly (ProposeResult | undefined)[]): MaskedView {
  const others = shuffle(proposals.flatMap((proposal, index) => (proposal && index !== evaluator ? [{ index, proposal }] : [])));
  const authorOf = new Map<string, number>();
  const candidates = others.map(({ index, proposal }, position) => {
    const label = maskLabelAt(position);
    authorOf.set(label, index);
    // The salt lets the evaluator check content against hash; it is random per proposal, so it names no author.
    const { thoughtProcess, solution, salt, proposalHash } = proposal;
    return { label, salt, proposalHash, thoughtProcess, solution };
  });
  return { candidates, authorOf };
}

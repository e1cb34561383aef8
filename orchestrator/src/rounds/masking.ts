// Identity masking: each evaluator sees the others' proposals in an order of its own, drawn at
// random (draws.ts), under Candidate_X labels. Only the orchestrator keeps the label → author mapping.
import { type MaskedCandidate, maskLabelAt, type ProposeResult } from "@concord/agent-sdk/protocol";
import type { Shuffle } from "./draws.ts";

export interface MaskedView {
  candidates: MaskedCandidate[];
  /** label → index of the author in the panel. */
  authorOf: Map<string, number>;
}

/**
 * proposals[i] is panel agent i's proposal (undefined when it did not propose); `shuffle` is the
 * evaluator's draw for the round, the same each time the round's evaluate phase is run.
 */
export function maskFor(evaluator: number, proposals: readonly (ProposeResult | undefined)[], shuffle: Shuffle): MaskedView {
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

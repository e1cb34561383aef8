// What each evaluator said of each proposal in a recorded round, candidate by candidate, so the
// page can lay the proposals side by side with their evaluations under each (as llm-council
// compares answers): the QV vote, the endorsement behind it, the stance and the justification.
// Framework-free; the transcript maps every evaluator's masked labels back to authors.
import type { TranscriptRound } from "@concord/agent-sdk/protocol";
import type { AgentLabel } from "./session-view.ts";

export type Stance = "support" | "oppose" | "neutral";

export type PeerEvaluation = {
  readonly evaluator: number;
  readonly name: string;
  readonly vote: number | null;
  readonly endorsement: number | null;
  /** Undefined in transcripts served before stances were published. */
  readonly stance?: Stance;
  readonly justification?: string;
};

export type CandidateEvaluations = {
  readonly proposer: number;
  readonly evaluations: readonly PeerEvaluation[];
  /** How many evaluators took each stance on it. */
  readonly tally: Readonly<Record<Stance, number>>;
};

/** Per proposer (panel order), the evaluations it received, evaluators in panel order. */
export function roundEvaluations(round: TranscriptRound, agents: readonly AgentLabel[]): CandidateEvaluations[] {
  return round.proposals.map((_, p) => {
    const evaluations = round.votes.flatMap((row, e): PeerEvaluation[] => {
      const vote = row[p] ?? null;
      const endorsement = round.endorsements[e]?.[p] ?? null;
      const said = round.assessments?.[e]?.[p] ?? null;
      if (vote === null && endorsement === null && said === null) return [];
      return [{ evaluator: e, name: agents[e]?.name ?? `agent ${e + 1}`, vote, endorsement, ...(said ? { stance: said.stance, justification: said.justification } : {}) }];
    });
    const tally = { support: 0, oppose: 0, neutral: 0 };
    for (const e of evaluations) if (e.stance) tally[e.stance] += 1;
    return { proposer: p, evaluations, tally };
  });
}

/** "2 support, 1 opposes"-style summary of a candidate's stances; empty when none is known. */
export function stanceSummary(tally: Readonly<Record<Stance, number>>): string {
  const parts = [
    tally.support ? `${tally.support} ${tally.support === 1 ? "supports" : "support"}` : "",
    tally.oppose ? `${tally.oppose} ${tally.oppose === 1 ? "opposes" : "oppose"}` : "",
    tally.neutral ? `${tally.neutral} neutral` : "",
  ].filter(Boolean);
  return parts.join(", ");
}

/** An endorsement in [-100, 100] as a signed number ("+80", "−40", "0"). */
export function formatEndorsement(endorsement: number): string {
  return endorsement > 0 ? `+${endorsement}` : endorsement < 0 ? `−${-endorsement}` : "0";
}

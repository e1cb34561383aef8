// A session's stored snapshot shaped into its public transcript (sdk/protocol/transcript.ts): what
// anyone may see. The snapshot holds more than that (who wrote which proposal, the evaluations,
// each evaluator's mask), so this is the one place that decides what leaves: while the session
// deliberates every round is sealed (content only), since an agent that keeps its text into the
// next round would be unmasked by any earlier round's authors, and an agent absent from a partial
// round could read the others' ballots before signing its own for the complete version.
import {
  type SessionEvent, sessionTranscript, type SessionTranscript, TRANSCRIPT_JUSTIFICATION_CHARS, TRANSCRIPT_REASONING_CHARS,
  type TranscriptAssessment, type TranscriptCurrentRound, type TranscriptRound, type TranscriptSealedRound, type TranscriptSealedProposal,
} from "@concord/agent-sdk/protocol";
import type { SessionSnapshot } from "./snapshot.ts";

type StoredRound = SessionSnapshot["rounds"][number];
type HaltedEvent = Extract<SessionEvent, { type: "halted" }>;

export function publicTranscript(snapshot: SessionSnapshot, halted?: HaltedEvent): SessionTranscript {
  const last = snapshot.rounds.at(-1);
  const stopped = snapshot.halting.stop !== undefined;
  const winner = last && last.proposals[last.winnerIndex];
  const status = snapshot.failed !== undefined ? "failed" : snapshot.settledTxHash ? "settled" : stopped ? "halted" : "running";
  // Sealed until deliberation is over: then no round is evaluated again, and authors and ballots may leave.
  const sealed = status === "running";
  const transcript: SessionTranscript = {
    sessionId: snapshot.sessionId,
    status,
    task: snapshot.task,
    agents: snapshot.agents,
    rounds: sealed ? [] : snapshot.rounds.map(publicRound),
    sealed: sealed ? snapshot.rounds.map(sealedRound) : [],
    // The round in progress, unless it is in fact already among the recorded ones.
    current: snapshot.current && snapshot.current.round > (last?.round ?? 0) ? currentRound(snapshot.current) : undefined,
    halting: {
      round: snapshot.halting.round, agreement: snapshot.halting.agreement, confidence: snapshot.halting.confidence,
      gain: snapshot.halting.gain, cost: snapshot.halting.cost,
    },
    halt: stopped && last
      ? { round: last.round, reason: snapshot.halting.stop!, outcome: halted?.outcome, tied: halted?.tied }
      : undefined,
    final: stopped && last && winner
      ? { agentIndex: last.winnerIndex, agent: winner.agent, answer: winner.solution, score: last.scores[last.winnerIndex]!, proposalHash: winner.proposalHash }
      : undefined,
    settledTxHash: snapshot.settledTxHash,
    failed: snapshot.failed,
  };
  // Parsed on the way out as well: the schema is the contract with the page.
  return sessionTranscript.parse(transcript);
}

/** A round once deliberation ended: authors, ballots and endorsements are public now. */
function publicRound(stored: StoredRound): TranscriptRound {
  const inRound = new Set(stored.present);
  const cell = <T>(e: number, p: number, value: () => T): T | null => (e !== p && inRound.has(e) && inRound.has(p) ? value() : null);
  const panel = stored.ballots.length;
  // Each evaluator saw its own mask: map its labels back to authors.
  const byAuthor = stored.ballots.map((_, e) => {
    const found = new Map<number, { endorsement: number; assessment: TranscriptAssessment }>();
    for (const evaluation of stored.evaluations[e]?.evaluations ?? []) {
      const author = stored.authorOf[e]?.find(([label]) => label === evaluation.label)?.[1];
      if (author !== undefined) {
        found.set(author, { endorsement: evaluation.endorsement, assessment: { stance: evaluation.stance, justification: cut(evaluation.justification, TRANSCRIPT_JUSTIFICATION_CHARS) } });
      }
    }
    return found;
  });
  const endorsements = byAuthor.map((found, e) => Array.from({ length: panel }, (__, p) => cell(e, p, () => found.get(p)?.endorsement ?? null)));
  const assessments = byAuthor.map((found, e) => Array.from({ length: panel }, (__, p) => cell(e, p, () => found.get(p)?.assessment ?? null)));
  return {
    round: stored.round,
    proposals: stored.proposals.map((p) =>
      p && { agent: p.agent, solution: p.solution, reasoning: cut(p.thoughtProcess), proposalHash: p.proposalHash }),
    votes: stored.ballots.map((row, e) => row.map((vote, p) => cell(e, p, () => vote))),
    endorsements,
    assessments,
    scores: stored.scores,
    present: stored.present,
    absent: stored.absent,
    winnerIndex: stored.winnerIndex,
    ...(stored.onChain && { txHash: stored.onChain.txHash }),
    halting: stored.halting,
  };
}

/** A tallied round while the session deliberates: as sealed as the round in progress. */
function sealedRound(stored: StoredRound): TranscriptSealedRound {
  return {
    round: stored.round,
    stage: "tallied",
    proposals: sealedProposals(stored.proposals),
    proposalHashes: stored.proposals.flatMap((p) => (p ? [p.proposalHash] : [])).sort(byHash),
    present: stored.present,
    absent: stored.absent,
    // Public once RoundRecorded is (it carries the scores by agent index), not before. They link no
    // text to an agent: the texts are in content order, with no hash and no winner beside them.
    ...(stored.onChain && { scores: stored.scores, txHash: stored.onChain.txHash }),
    ...(stored.halting && { halting: stored.halting }),
  };
}

/** The round in progress: its proposals' content, with nothing that names their authors. */
function currentRound(current: NonNullable<SessionSnapshot["current"]>): TranscriptCurrentRound {
  return { round: current.round, stage: current.evaluated ? "recording" : "evaluating", proposals: sealedProposals(current.proposals), absent: current.absent };
}

/**
 * Content only, ordered by content: the order depends on the texts alone, so it says nothing of
 * the panel order (authors) nor of the hashes (which the chain pairs with agent indices).
 */
function sealedProposals(proposals: readonly (StoredRound["proposals"][number])[]): TranscriptSealedProposal[] {
  return proposals
    .flatMap((p) => (p ? [{ solution: p.solution, reasoning: cut(p.thoughtProcess) }] : []))
    .sort((a, b) => compare(a.solution, b.solution) || compare(a.reasoning, b.reasoning));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byHash = (a: string, b: string): number => compare(a.toLowerCase(), b.toLowerCase());

function cut(text: string, chars = TRANSCRIPT_REASONING_CHARS): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

// A session's stored snapshot shaped into its public transcript (sdk/protocol/transcript.ts): what
// anyone may see. The snapshot holds more than that while a round runs (who wrote which proposal,
// the evaluations, each evaluator's mask), so this is the one place that decides what leaves.
import {
  type SessionEvent, sessionTranscript, type SessionTranscript, TRANSCRIPT_JUSTIFICATION_CHARS, TRANSCRIPT_REASONING_CHARS,
  type TranscriptAssessment, type TranscriptCurrentRound, type TranscriptRound,
} from "@concord/agent-sdk/protocol";
import type { SessionSnapshot } from "./snapshot.ts";

type StoredRound = SessionSnapshot["rounds"][number];
type HaltedEvent = Extract<SessionEvent, { type: "halted" }>;

export function publicTranscript(snapshot: SessionSnapshot, halted?: HaltedEvent): SessionTranscript {
  const rounds = snapshot.rounds.map(publicRound);
  const last = snapshot.rounds.at(-1);
  const stopped = snapshot.halting.stop !== undefined;
  const winner = last && last.proposals[last.winnerIndex];
  const transcript: SessionTranscript = {
    sessionId: snapshot.sessionId,
    status: snapshot.failed !== undefined ? "failed" : snapshot.settledTxHash ? "settled" : stopped ? "halted" : "running",
    task: snapshot.task,
    agents: snapshot.agents,
    rounds,
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

/** A recorded round: authors, ballots and endorsements are public now. */
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

/** The round in progress: its proposals in hash order, with nothing that names their authors. */
function currentRound(current: NonNullable<SessionSnapshot["current"]>): TranscriptCurrentRound {
  const proposals = current.proposals
    .flatMap((p) => (p ? [{ solution: p.solution, reasoning: cut(p.thoughtProcess), proposalHash: p.proposalHash }] : []))
    .sort((a, b) => (a.proposalHash < b.proposalHash ? -1 : a.proposalHash > b.proposalHash ? 1 : 0));
  return { round: current.round, stage: current.evaluated ? "recording" : "evaluating", proposals, absent: current.absent };
}

function cut(text: string, chars = TRANSCRIPT_REASONING_CHARS): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

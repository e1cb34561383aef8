// One round on the session page: once deliberation ended, its proposals side by side (winner
// highlighted), each with its full reasoning and what every other evaluator said of it (vote,
// endorsement, stance, why), its vote heat map and who was absent; while the session deliberates,
// its proposals without authors (the round in progress too), and no ballot.
import type { AgentLabel, RoundView } from "../../lib/session-view.ts";
import type { TranscriptCurrentRound } from "@concord/agent-sdk/protocol";
import { roundEvaluations } from "../../lib/round-evaluations.ts";
import { VoteHeatMap } from "./VoteHeatMap.tsx";
import { CandidateEvaluationList } from "./CandidateEvaluationList.tsx";
import { SealedProposals } from "./SealedProposals.tsx";
import { TxLink } from "../chain/TxLink.tsx";
import { BlockTimeAgo } from "../chain/TimeAgo.tsx";

export function RoundCard({ round, agents, recordedAtMs }: { round: RoundView; agents: readonly AgentLabel[]; recordedAtMs?: number }) {
  const { detail, sealed, winnerIndex } = round;
  const winner = winnerIndex === undefined ? undefined : agents[winnerIndex]?.name ?? `agent ${winnerIndex + 1}`;
  const headingId = `round-${round.round}-heading`;
  const evaluations = detail ? roundEvaluations(detail, agents) : [];
  const absent = (detail ?? sealed)?.absent ?? [];
  const scores = round.scores.map((s, i) => `${agents[i]?.name ?? i + 1} ${s}`).join(", ");
  return (
    <section className="round" aria-labelledby={headingId} data-testid="round" data-round={round.round} data-state={round.recorded ? "recorded" : "tallied"}
      data-sealed={detail === undefined && sealed !== undefined}>
      <h3 id={headingId}>
        Round {round.round} {winner !== undefined && <span className="muted">· winner <strong data-testid="round-winner">{winner}</strong></span>}
      </h3>
      {round.txHash
        ? (
          <p className="muted small">
            Recorded in transaction <TxLink hash={round.txHash} />
            {round.blockNumber !== undefined && <> · <BlockTimeAgo ms={recordedAtMs} block={round.blockNumber} testId="round-recorded-at" /></>}
          </p>
        )
        : !round.recorded && <p className="muted small" data-testid="round-recording">Tallied; its record is on its way to the chain.</p>}
      {detail ? (
        <ol className="proposals" aria-label={`Proposals of round ${round.round}`}>
          {detail.proposals.map((p, i) => (
            <li key={i} className={i === round.winnerIndex ? "proposal winner" : "proposal"} data-testid="proposal" data-agent={agents[i]?.name} data-winner={i === round.winnerIndex}>
              <div className="proposal-head">
                <strong>{agents[i]?.label}</strong>
                {i === round.winnerIndex && <span className="badge">winner</span>}
                <span className="muted num">score {round.scores[i] ?? "—"}</span>
              </div>
              {p ? (
                <>
                  <p className="solution" data-testid="proposal-solution">{p.solution}</p>
                  {p.reasoning && <p className="reasoning" data-testid="proposal-reasoning"><span className="muted">Reasoning: </span>{p.reasoning}</p>}
                  {evaluations[i] && <CandidateEvaluationList candidate={evaluations[i]} round={round.round} author={agents[i]?.name ?? `agent ${i + 1}`} />}
                </>
              ) : (
                <p className="muted">Absent from this round.</p>
              )}
            </li>
          ))}
        </ol>
      ) : sealed ? (
        <>
          {scores && <p className="muted small" data-testid="round-scores">Scores {scores} (from the chain record).</p>}
          <SealedProposals round={round.round} proposals={sealed.proposals} />
        </>
      ) : (
        <p className="muted">Scores {scores || "not yet on chain"} (from the chain; the transcript is not available).</p>
      )}
      {detail && <VoteHeatMap round={detail} agents={agents} />}
      {absent.length > 0 && (
        <ul className="absent" aria-label="Absent agents">
          {absent.map((a) => <li key={a.agent}><strong>{a.agent}</strong> absent: {a.reason}</li>)}
        </ul>
      )}
    </section>
  );
}

export function CurrentRoundCard({ current }: { current: TranscriptCurrentRound }) {
  const headingId = `round-${current.round}-heading`;
  return (
    <section className="round current" aria-labelledby={headingId} data-testid="round" data-round={current.round} data-state={current.stage}>
      <h3 id={headingId}>
        Round {current.round} <span className="muted">· in progress ({current.stage === "evaluating" ? "agents are evaluating" : "being recorded on chain"})</span>
      </h3>
      <SealedProposals round={current.round} proposals={current.proposals} />
      {current.absent.length > 0 && (
        <ul className="absent" aria-label="Absent agents">
          {current.absent.map((a) => <li key={a.agent}><strong>{a.agent}</strong> absent: {a.reason}</li>)}
        </ul>
      )}
    </section>
  );
}

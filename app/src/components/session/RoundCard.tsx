// One round on the session page: its proposals side by side (winner highlighted), each with its
// full reasoning and what every other evaluator said of it (vote, endorsement, stance, why), its
// vote heat map and who was absent; or, for the round in progress, its proposals without authors
// until it is tallied.
import { shortHash } from "../../lib/format.ts";
import type { AgentLabel, RoundView } from "../../lib/session-view.ts";
import type { TranscriptCurrentRound } from "@concord/agent-sdk/protocol";
import { roundEvaluations } from "../../lib/round-evaluations.ts";
import { VoteHeatMap } from "./VoteHeatMap.tsx";
import { CandidateEvaluationList } from "./CandidateEvaluationList.tsx";
import { TxLink } from "../chain/TxLink.tsx";
import { BlockTimeAgo } from "../chain/TimeAgo.tsx";

export function RoundCard({ round, agents, recordedAtMs }: { round: RoundView; agents: readonly AgentLabel[]; recordedAtMs?: number }) {
  const detail = round.detail;
  const winner = agents[round.winnerIndex]?.name ?? `agent ${round.winnerIndex + 1}`;
  const headingId = `round-${round.round}-heading`;
  const evaluations = detail ? roundEvaluations(detail, agents) : [];
  return (
    <section className="round" aria-labelledby={headingId} data-testid="round" data-round={round.round} data-state={round.recorded ? "recorded" : "tallied"}>
      <h3 id={headingId}>
        Round {round.round} <span className="muted">· winner <strong data-testid="round-winner">{winner}</strong></span>
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
      ) : (
        <p className="muted">Scores {round.scores.map((s, i) => `${agents[i]?.name ?? i + 1} ${s}`).join(", ")} (from the chain; the transcript is not available).</p>
      )}
      {detail && <VoteHeatMap round={detail} agents={agents} />}
      {detail && detail.absent.length > 0 && (
        <ul className="absent" aria-label="Absent agents">
          {detail.absent.map((a) => <li key={a.agent}><strong>{a.agent}</strong> absent: {a.reason}</li>)}
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
      <p className="muted small">Authors and votes are revealed once the round is recorded; proposals are listed by hash.</p>
      <ol className="proposals" aria-label={`Proposals of round ${current.round}`}>
        {current.proposals.map((p) => (
          <li key={p.proposalHash} className="proposal" data-testid="proposal">
            <div className="proposal-head"><code>{shortHash(p.proposalHash)}</code></div>
            <p className="solution" data-testid="proposal-solution">{p.solution}</p>
            {p.reasoning && <p className="reasoning" data-testid="proposal-reasoning"><span className="muted">Reasoning: </span>{p.reasoning}</p>}
          </li>
        ))}
      </ol>
      {current.absent.length > 0 && (
        <ul className="absent" aria-label="Absent agents">
          {current.absent.map((a) => <li key={a.agent}><strong>{a.agent}</strong> absent: {a.reason}</li>)}
        </ul>
      )}
    </section>
  );
}

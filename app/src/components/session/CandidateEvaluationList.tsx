// Under one proposal: what each other evaluator said of it, with the stance as a word (colour only
// adds to it), the QV vote and the endorsement behind it, and the justification in full.
import { formatEndorsement, stanceSummary, type CandidateEvaluations } from "../../lib/round-evaluations.ts";

export function CandidateEvaluationList({ candidate, round, author }: { candidate: CandidateEvaluations; round: number; author: string }) {
  if (candidate.evaluations.length === 0) return null;
  const summary = stanceSummary(candidate.tally);
  return (
    <div className="evaluations" data-testid="evaluations">
      <p className="evaluations-head small">
        <strong>Evaluations</strong>{summary && <span className="muted"> · {summary}</span>}
      </p>
      <ul className="plain" aria-label={`Evaluations of ${author}'s proposal in round ${round}`}>
        {candidate.evaluations.map((e) => (
          <li key={e.evaluator} className="evaluation" data-testid="evaluation" data-evaluator={e.name} data-stance={e.stance ?? "unknown"}>
            <div className="evaluation-head">
              <strong>{e.name}</strong>
              {e.stance && <span className={`stance stance-${e.stance}`}>{e.stance}</span>}
              <span className="muted num small">
                vote {e.vote ?? "—"}{e.endorsement !== null && <> · endorsement {formatEndorsement(e.endorsement)}</>}
              </span>
            </div>
            {e.justification ? <p className="justification" data-testid="evaluation-justification">{e.justification}</p> : e.stance && <p className="muted small">No justification given.</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}

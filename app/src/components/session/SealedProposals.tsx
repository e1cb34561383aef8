// A round's proposals while the session deliberates: content only, in content order, under one
// line saying why (the round in progress and every tallied round alike).
import type { TranscriptSealedProposal } from "@concord/agent-sdk/protocol";

export function SealedProposals({ round, proposals }: { round: number; proposals: readonly TranscriptSealedProposal[] }) {
  return (
    <>
      <p className="muted small" data-testid="sealed-note">
        Authors and ballots are shown once deliberation ends; until then proposals are listed by their text, with no author.
      </p>
      <ol className="proposals" aria-label={`Proposals of round ${round}`}>
        {proposals.map((p, i) => (
          <li key={i} className="proposal" data-testid="proposal" data-sealed="true">
            <p className="solution" data-testid="proposal-solution">{p.solution}</p>
            {p.reasoning && <p className="reasoning" data-testid="proposal-reasoning"><span className="muted">Reasoning: </span>{p.reasoning}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}

// A round's ballots as a heat map that is a real table: rows are evaluators, columns the
// proposals they voted on, each cell shows the integer QV vote; colour only adds to the number.
import { heatMap, type AgentLabel } from "../../lib/session-view.ts";
import type { TranscriptRound } from "@concord/agent-sdk/protocol";

export function VoteHeatMap({ round, agents }: { round: TranscriptRound; agents: readonly AgentLabel[] }) {
  const map = heatMap(round, agents);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`Votes of round ${round.round}`}>
      <table className="heat-map" data-testid="vote-matrix" data-round={round.round}>
        <caption>
          Round {round.round} votes: rows are evaluators, columns the proposals they scored (integer QV votes;
          blue supports, red opposes; — where an agent did not score).
        </caption>
        <thead>
          <tr>
            <th scope="col">Evaluator ↓ / proposal →</th>
            {agents.map((a, p) => (
              <th scope="col" key={p} className={p === round.winnerIndex ? "winner-col" : undefined}>
                {a.name}
                {p === round.winnerIndex ? " ★" : ""}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.rows.map((row) => (
            <tr key={row.evaluator}>
              <th scope="row">{agents[row.evaluator]?.name}</th>
              {row.cells.map((cell, p) => (
                <td
                  key={p}
                  className="num heat-cell"
                  data-testid="vote-cell"
                  data-evaluator={row.evaluator}
                  data-proposer={p}
                  title={cell.label}
                  style={cell.background === null ? undefined : { background: cell.background, color: cell.color }}
                >
                  {cell.vote === null ? <span aria-label={cell.label}>—</span> : cell.vote}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

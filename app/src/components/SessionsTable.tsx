import { sessionsShown, useSessions } from "../hooks/useSessions.ts";

export function SessionsTable() {
  const { rows, total, isLoading, error } = useSessions();
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      {error !== null && <p role="alert" className="error">Could not read sessions: {error.message}</p>}
      <table data-testid="sessions-table">
        <caption>
          {isLoading
            ? "Loading sessions…"
            : total === undefined || total === 0n
              ? "No sessions yet."
              : total > BigInt(sessionsShown)
                ? `The newest ${sessionsShown} of ${total} sessions.`
                : `${total} session${total === 1n ? "" : "s"}, newest first.`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Status</th>
            <th scope="col">Bounty</th>
            <th scope="col">Agents</th>
            <th scope="col">Rounds</th>
            <th scope="col">Winner agent</th>
            <th scope="col">Winner proposal</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="session-row" data-session-id={row.id} title={row.error ?? undefined}>
              <th scope="row">{row.id}</th>
              <td data-testid="session-status">{row.status}</td>
              <td className="num">{row.bounty}</td>
              <td>{row.agents}</td>
              <td className="num">{row.rounds}</td>
              <td className="num">{row.winnerAgentId}</td>
              <td>
                {row.winnerProposalHashFull === null ? row.winnerProposalHash : <code title={row.winnerProposalHashFull}>{row.winnerProposalHash}</code>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

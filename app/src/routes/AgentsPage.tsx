// Registered agents: who operates them, their model, their royalty split, and how they fared.
import { useAgents } from "../hooks/useAgents.ts";
import { useChainIndex } from "../hooks/useChainIndex.ts";
import { useAgentDirectory } from "../hooks/useAgentDirectory.ts";
import { agentRows, formatBps, formatRate, MAX_WEIGHT, reliabilityText } from "../lib/agents.ts";
import { identityOf } from "../lib/agent-identity.ts";
import { AccountAddress } from "../components/chain/AccountAddress.tsx";
import { AgentName } from "../components/chain/AgentName.tsx";
import { Link } from "../components/Link.tsx";
import { registerAgentHref } from "../lib/routes.ts";
import "../pages.css";

export function AgentsPage() {
  const registry = useAgents();
  const index = useChainIndex();
  const directory = useAgentDirectory();
  const rows = index.data ? agentRows(registry.agents, index.data.splits, index.data.sessions) : [];
  const error = registry.error ?? index.error;
  return (
    <section aria-labelledby="agents-heading">
      <h2 id="agents-heading">Agents</h2>
      <p><Link href={registerAgentHref} data-testid="register-agent-link">Register an agent</Link></p>
      {error ? (
        <p role="alert" className="error">Could not read the agents: {error.message}</p>
      ) : registry.isPending || index.isPending ? (
        <p className="muted" role="status">Reading the agent registry…</p>
      ) : rows.length === 0 ? (
        <p>No agent is registered yet.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="agents-table">
            <caption>
              Wins count settled sessions; rounds won count the rounds an agent's proposal won; weight (1 to {MAX_WEIGHT}) is
              how many times its votes count in new sessions, from its peers' endorsements of its first answers.
            </caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Model</th>
                <th scope="col">Operator / signer</th>
                <th scope="col">Royalty split</th>
                <th scope="col">Sessions</th>
                <th scope="col">Rounds won</th>
                <th scope="col">Sessions won</th>
                <th scope="col">Win rate</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.agentId.toString()} data-testid="agent-row" data-agent-id={a.agentId.toString()}>
                  <th scope="row"><AgentName agent={identityOf(directory, a.agentId)} />{a.retired && <span className="muted"> (retired)</span>}</th>
                  <td>
                    <code>{a.modelId}</code>
                    {a.metadataURI !== "" && <><br /><a href={a.metadataURI} rel="noreferrer noopener">metadata</a></>}
                  </td>
                  <td>
                    <span className="muted small">operator</span> <AccountAddress address={a.operator} /><br />
                    <span className="muted small">signer</span> <AccountAddress address={a.signer} />
                  </td>
                  <td>
                    {a.split === undefined ? <span className="muted">unknown</span> : (
                      <ul className="plain">
                        {a.split.map((r) => <li key={r.recipient}><AccountAddress address={r.recipient} /> {formatBps(r.bps)}</li>)}
                      </ul>
                    )}
                  </td>
                  <td className="num">{a.sessionsJoined}</td>
                  <td className="num">{a.roundsWon} of {a.roundsPlayed}</td>
                  <td className="num">{a.sessionsWon} of {a.sessionsSettled}</td>
                  <td className="num" data-testid="win-rate">{formatRate(a.winRate)}</td>
                  <td className="num"><Weight history={registry.history.get(a.agentId)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Weight({ history }: { history: readonly [bigint, bigint, bigint] | undefined }) {
  if (history === undefined) return <span className="muted">…</span>;
  return <span data-testid="agent-weight" data-weight={history[2].toString()} title={reliabilityText(history).detail}>{history[2].toString()}</span>;
}

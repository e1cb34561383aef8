// One agent: who it is (name, picture, model, operator, signer, royalty split), how it fared (win
// rate over settled sessions, earnings per currency) and every session it took part in.
import type { Address } from "viem";
import { AccountAddress } from "../components/chain/AccountAddress.tsx";
import { Amount } from "../components/chain/Amount.tsx";
import { Avatar } from "../components/chain/Avatar.tsx";
import { Link } from "../components/Link.tsx";
import { AgentOperatorControls } from "../components/agent/AgentOperatorControls.tsx";
import { NotFound } from "../components/NotFound.tsx";
import { useAgentProfile } from "../hooks/useAgentProfile.ts";
import { useBlockTimes } from "../hooks/useBlockTimes.ts";
import { BlockTimeAgo } from "../components/chain/TimeAgo.tsx";
import { useDeployment } from "../hooks/useDeployment.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { useTaskFamilyNames } from "../hooks/useTaskFamilyNames.ts";
import { formatBps, formatRate, reliabilityText } from "../lib/agents.ts";
import { taskFamilyLabel } from "../lib/task-family-names.ts";
import { DocLink } from "../components/DocLink.tsx";
import { sessionHref, type Route } from "../lib/routes.ts";
import { currencies, currencyOf } from "../lib/tokens.ts";
import "../pages.css";

export function AgentPage({ route }: { route: Extract<Route, { name: "agent" }> }) {
  const agent = useAgentProfile(route.id);
  const list = currencies(useDeployment());
  const times = useBlockTimes(agent.profile?.sessions.map((s) => s.createdAtBlock) ?? []);
  const familyName = useTaskFamilyNames();
  usePageTitle(route, agent.notFound ? `Agent #${route.id} not found` : agent.identity.named ? agent.identity.label : undefined);
  if (agent.notFound) {
    return (
      <NotFound heading={`Agent #${route.id} not found`}>
        The registry has no agent #{route.id.toString()}. <Link href="/agents">See the agents</Link>.
      </NotFound>
    );
  }
  const { record, identity, profile } = agent;
  const reliability = agent.history === undefined ? undefined : reliabilityText(agent.history);
  return (
    <section aria-labelledby="agent-heading" className="agent-page" data-testid="agent-page" data-agent-id={route.id.toString()}>
      <h2 id="agent-heading" className="with-avatar"><Avatar seed={identity.avatarSeed} size={32} /> {identity.label}</h2>
      {agent.error && <p role="alert" className="error">Could not read the agent: {agent.error.message}</p>}
      {record === undefined ? <p className="muted" role="status">Reading the agent registry…</p> : (
        <dl className="facts">
          <div><dt>Model</dt><dd><code>{record.modelId}</code></dd></div>
          <div><dt>Status</dt><dd>{record.retired ? "Retired" : agent.live === undefined ? "Registered" : agent.live ? "Running (heartbeat heard)" : "Not running (no heartbeat)"}</dd></div>
          <div><dt>Operator</dt><dd><AccountAddress address={record.operator} /></dd></div>
          <div><dt>Signer</dt><dd><AccountAddress address={record.signer} /></dd></div>
          <div>
            <dt>Royalty split</dt>
            <dd>
              {agent.split === undefined ? <span className="muted">unknown</span> : (
                <ul className="plain">{agent.split.map((r) => <li key={r.recipient}><AccountAddress address={r.recipient as Address} /> {formatBps(r.bps)}</li>)}</ul>
              )}
            </dd>
          </div>
        </dl>
      )}
      {record !== undefined && (
        <AgentOperatorControls agentId={route.id} record={record} name={agent.identity.named ? agent.identity.name : undefined} onChanged={agent.refetch}
          split={agent.split && { recipients: agent.split.map((r) => r.recipient as Address), bps: agent.split.map((r) => r.bps) }} />
      )}
      <h3>Record</h3>
      {profile === undefined ? <p className="muted" role="status">Reading sessions…</p> : (
        <>
          <dl className="facts">
            <div><dt>Sessions</dt><dd data-testid="agent-sessions-count">{profile.sessions.length}</dd></div>
            <div><dt>Win rate</dt><dd data-testid="agent-win-rate">{formatRate(profile.winRate)} <span className="muted">({profile.won} of {profile.settled} settled)</span></dd></div>
            <div>
              <dt>Earnings</dt>
              <dd data-testid="agent-earnings">
                {profile.earnings.size === 0 ? "none yet" : [...profile.earnings].map(([token, amount], i) => (
                  <span key={token}>{i > 0 && ", "}<Amount amount={amount} currency={currencyOf(list, token)} /></span>
                ))}
              </dd>
            </div>
            <div>
              <dt>Reliability</dt>
              <dd data-testid="agent-reliability" data-weight={agent.history?.[2].toString()}>
                {reliability === undefined ? "…" : <>{reliability.weight} <span className="muted">({reliability.detail})</span></>}
              </dd>
            </div>
            {agent.familyHistories.map(({ family, history }) => {
              const text = reliabilityText(history);
              const label = taskFamilyLabel(family, familyName(family));
              return (
                <div key={family}>
                  <dt>In task family <span title={label.title} data-testid="agent-family-name">{label.text}</span></dt>
                  <dd data-testid="agent-family-reliability" data-family={family} data-weight={history[2].toString()}>
                    {text.weight} <span className="muted">({text.detail})</span>
                  </dd>
                </div>
              );
            })}
          </dl>
          <p className="muted small">
            Earnings are what settled sessions paid the agent, before its royalty split divides them. Its weight is how many
            times its votes count in the scores that pick a round's winner (never in anyone's pay):{" "}
            <DocLink doc="economics" heading="Weights: whom to trust with the answer" testId="agent-weights-doc">how weights are earned</DocLink>.
          </p>
          {profile.sessions.length === 0 ? <p>It has taken part in no session yet.</p> : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Sessions it took part in">
              <table data-testid="agent-history">
                <caption>Sessions it took part in, newest first.</caption>
                <thead>
                  <tr>
                    <th scope="col">Session</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col" className="num">Rounds won</th>
                    <th scope="col">Won</th>
                    <th scope="col" className="num">Payout</th>
                  </tr>
                </thead>
                <tbody>
                  {profile.sessions.map((s) => (
                    <tr key={s.sessionId.toString()} data-testid="agent-history-row" data-session-id={s.sessionId.toString()}>
                      <th scope="row"><Link href={sessionHref(s.sessionId)}>Session {s.sessionId.toString()}</Link></th>
                      <td>{s.status}</td>
                      <td><BlockTimeAgo ms={times.get(s.createdAtBlock)} block={s.createdAtBlock} testId="agent-history-created" /></td>
                      <td className="num">{s.roundsWon} of {s.roundsRecorded}</td>
                      <td>{s.won === undefined ? "—" : s.won ? "Yes" : "No"}</td>
                      <td className="num">{s.payout === undefined ? "—" : <Amount amount={s.payout} currency={currencyOf(list, s.token)} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

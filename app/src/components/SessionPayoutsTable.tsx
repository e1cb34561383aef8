// One settled session's payouts: each agent's share and how its royalty split divides it among
// recipients (the connected account's parts marked), with a permissionless Distribute button
// (claimRoyalty) for an agent whose royalty is not yet credited to its recipients.
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { useTx } from "../hooks/useTx.ts";
import type { AgentPayout, SessionPayouts } from "../lib/payouts.ts";
import { formatBps } from "../lib/agents.ts";
import { sessionHref } from "../lib/routes.ts";
import type { Currency } from "../lib/tokens.ts";
import { identityOf, type AgentDirectory } from "../lib/agent-identity.ts";
import { AccountAddress } from "./chain/AccountAddress.tsx";
import { AgentName } from "./chain/AgentName.tsx";
import { Amount } from "./chain/Amount.tsx";
import { BlockTimeAgo } from "./chain/TimeAgo.tsx";
import { txInFlight } from "../lib/txState.ts";
import { useDeployment } from "../hooks/useDeployment.ts";
import { Link } from "./Link.tsx";
import { TxStatus } from "./TxStatus.tsx";

export function SessionPayoutsTable({ row, currency, directory, settledAtMs }: { row: SessionPayouts; currency: Currency; directory: AgentDirectory; settledAtMs?: number }) {
  const id = row.sessionId.toString();
  return (
    <div className="table-scroll" data-testid="session-payouts" data-session-id={id}>
      <table>
        <caption>
          <Link href={sessionHref(row.sessionId)}>Session {id}</Link>
          {row.settledAtBlock !== undefined && <> · settled <BlockTimeAgo ms={settledAtMs} block={row.settledAtBlock} testId="payouts-settled-at" /></>}
          {" "}· your part <Amount amount={row.yours} currency={currency} />
          {row.youSubmitted && " · you submitted it"}
        </caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Payout</th>
            <th scope="col">Split among recipients</th>
            <th scope="col">Royalty</th>
          </tr>
        </thead>
        <tbody>
          {row.agents.map((a) => <AgentRow key={a.agentIndex} sessionId={row.sessionId} agent={a} currency={currency} directory={directory} />)}
        </tbody>
      </table>
    </div>
  );
}

function AgentRow({ sessionId, agent, currency, directory }: { sessionId: bigint; agent: AgentPayout; currency: Currency; directory: AgentDirectory }) {
  const address = useDeployment().contracts.Sessions;
  const tx = useTx();
  const split = agent.split;
  const distribute = () => {
    if (split === undefined) return;
    void tx.run({
      address, abi: sessionsAbi, functionName: "claimRoyalty",
      args: [sessionId, BigInt(agent.agentIndex), { recipients: [...split.recipients], bps: [...split.bps] }],
    });
  };
  return (
    <tr data-testid="agent-payout" data-agent-id={agent.agentId.toString()}>
      <th scope="row"><AgentName agent={identityOf(directory, agent.agentId)} /></th>
      <td className="num"><Amount amount={agent.payout} currency={currency} /></td>
      <td>
        {agent.shares.length === 0 ? <span className="muted">split not found in the registry's events</span> : (
          <ul className="plain">
            {agent.shares.map((s) => (
              <li key={s.recipient} className={s.isYou ? "you" : undefined}>
                <AccountAddress address={s.recipient} you={s.isYou} /> {formatBps(s.bps)} → <Amount amount={s.amount} currency={currency} />
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {agent.distributed || tx.state.kind === "confirmed" ? (
          <span data-testid="royalty-state">Credited to recipients</span>
        ) : agent.payout === 0n ? (
          <span className="muted">Nothing to distribute</span>
        ) : (
          <button type="button" disabled={split === undefined || txInFlight(tx.state)} onClick={distribute}>
            Distribute to recipients
          </button>
        )}
        <TxStatus state={tx.state} noun="distribution" testId="distribute-status" />
      </td>
    </tr>
  );
}

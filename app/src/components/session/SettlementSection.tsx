// A settled session's payouts on its page, agent by agent: the level of each round written as the
// median vote its peers gave it, its quality against the top, its payout, and in plain words what
// cost it part of its share; then what the levels left unearned for the treasury.
import { formatVote } from "@concord/agent-sdk/protocol";
import type { SettlementView } from "../../lib/session-settlement.ts";
import { ECONOMICS_DOC, ruleText, winnerNote } from "../../lib/session-settlement.ts";
import type { Currency } from "../../lib/tokens.ts";
import { Amount } from "../chain/Amount.tsx";
import { DocLink } from "../DocLink.tsx";
import { AgentName } from "../chain/AgentName.tsx";
import type { AgentIdentity } from "../../lib/agent-identity.ts";

export function SettlementSection({ view, currency, winnerIndex, identities = [] }: {
  view: SettlementView; currency: Currency; winnerIndex?: number;
  /** Each agent's name and picture by agent index, when its id is known. */
  identities?: readonly (AgentIdentity | undefined)[];
}) {
  const roundNumbers = view.rows[0]?.rounds.map((r) => r.round) ?? [];
  const note = winnerNote(view, winnerIndex);
  return (
    <section aria-labelledby="settlement-heading" className="settlement" data-testid="settlement">
      <h3 id="settlement-heading">Payouts</h3>
      <p data-testid="settlement-rule">{ruleText(view.fairVote)}</p>
      <p className="muted small" data-testid="settlement-doc">
        The rule in full, with a worked example:{" "}
        <DocLink doc={ECONOMICS_DOC.doc} heading={ECONOMICS_DOC.heading} testId="settlement-doc-link">
          <code>{ECONOMICS_DOC.path}</code> ({ECONOMICS_DOC.section})
        </DocLink>
        {" "}in the Concord repository.
      </p>
      {note && <p className="winner-note" data-testid="settlement-winner-note">{note}</p>}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Payouts per agent">
        <table>
          <caption className="muted small">
            Median vote per round (level = vote + {view.fairVote}); net <Amount amount={view.net} currency={currency} />, full share net/n <Amount amount={view.fairShare} currency={currency} />
          </caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              {roundNumbers.map((r) => <th key={r} scope="col" className="num">Round {r}</th>)}
              <th scope="col" className="num">Quality</th>
              <th scope="col" className="num">Payout</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr key={row.agentIndex} data-testid="settlement-agent" data-agent={row.name} data-payout={row.payout.toString()} data-quality={row.quality}>
                <th scope="row">{identities[row.agentIndex] === undefined ? row.name : <AgentName agent={identities[row.agentIndex]!} />}</th>
                {row.rounds.map((r) => (
                  <td key={r.round} className="num" title={r.absent ? "absent: level 0" : `level ${r.level} of ${2 * view.fairVote}`}>
                    {r.vote === null ? <span className="muted">absent</span> : formatVote(r.vote)}
                  </td>
                ))}
                <td className="num">{row.quality}/{view.topQuality} ({row.sharePercent.toFixed(0)} %)</td>
                <td className="num"><Amount amount={row.payout} currency={currency} /></td>
                <td data-testid="settlement-why">
                  {row.why.length === 0 ? "Its peers rated it +" + view.fairVote + " or more every round: the full share." : (
                    <ul className="plain">{row.why.map((w) => <li key={w}>{w}</li>)}</ul>
                  )}
                  {row.rulePayout !== row.payout && <p className="error">The rule gives <Amount amount={row.rulePayout} currency={currency} /> for these levels: a round shown here may be stale.</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p data-testid="settlement-unearned">
        Unearned, to the treasury: <strong><Amount amount={view.unearned} currency={currency} /></strong>
        <span className="muted"> (the part of the net the levels did not earn, with the rounding).</span>
      </p>
    </section>
  );
}

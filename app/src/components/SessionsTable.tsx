import { Link } from "./Link.tsx";
import { SessionFilters } from "./SessionFilters.tsx";
import { Pagination } from "./Pagination.tsx";
import { useSessionList } from "../hooks/useSessionList.ts";
import { formatSessionQuery, type SessionQuery } from "../lib/session-filters.ts";
import { sessionHref, withQuery } from "../lib/routes.ts";
import { useAgentDirectory } from "../hooks/useAgentDirectory.ts";
import { identityOf } from "../lib/agent-identity.ts";
import { AgentName } from "./chain/AgentName.tsx";
import { BlockTimeAgo } from "./chain/TimeAgo.tsx";
import { useBlockTimes } from "../hooks/useBlockTimes.ts";
import { useTaskTexts } from "../hooks/useTaskTexts.ts";
import { shortTask } from "../lib/sessions.ts";

export function SessionsTable({ query }: { query: SessionQuery }) {
  const { page, total, needsWallet, isLoading, error } = useSessionList(query);
  const directory = useAgentDirectory();
  const taskTexts = useTaskTexts(page?.items ?? []);
  const times = useBlockTimes(page?.items.flatMap((row) => [row.createdAtBlock, row.ended?.block]) ?? []);
  const hrefFor = (pageNumber: number) => withQuery("/", formatSessionQuery({ ...query, page: pageNumber }));
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <SessionFilters query={query} />
      {error !== null && <p role="alert" className="error">Could not read sessions: {error.message}</p>}
      {needsWallet && <p role="status">Connect a wallet to see the sessions you submitted.</p>}
      <div className="table-scroll">
        <table data-testid="sessions-table">
          <caption>{caption(isLoading, total, page)}</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Task</th>
              <th scope="col">Bounty</th>
              <th scope="col">Agents</th>
              <th scope="col">Rounds</th>
              <th scope="col">Winner agent</th>
              <th scope="col">Winner proposal</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((row) => (
              <tr key={row.id} data-testid="session-row" data-session-id={row.id}>
                <th scope="row"><Link href={sessionHref(row.id)} aria-label={`Session ${row.id}`}>{row.id}</Link></th>
                <td data-testid="session-status" data-status={row.status} title={row.failureReason}>
                  {row.status}
                  {row.failureReason !== undefined && <span className="status-reason" data-testid="session-failure-reason">{shortReason(row.failureReason)}</span>}
                </td>
                <td data-testid="session-times">
                  <BlockTimeAgo ms={times.get(row.createdAtBlock)} block={row.createdAtBlock} testId="session-created" />
                  {row.ended !== undefined && (
                    <span className="status-reason">
                      {row.ended.kind} <BlockTimeAgo ms={times.get(row.ended.block)} block={row.ended.block} testId="session-ended" />
                    </span>
                  )}
                </td>
                <TaskCell text={taskTexts.get(row.id)} row={row} />
                <td className="num" title={row.bountyExact}>{row.bounty}</td>
                <td>
                  {row.agentIds.length === 0 ? row.agents : (
                    <ul className="plain agent-list">
                      {row.agentIds.map((id) => <li key={id.toString()}><AgentName agent={identityOf(directory, id)} /></li>)}
                    </ul>
                  )}
                </td>
                <td className="num">{row.rounds}</td>
                <td>{row.winnerId === null ? row.winnerAgentId : <AgentName agent={identityOf(directory, row.winnerId)} />}</td>
                <td>
                  {row.winnerProposalHashFull === null ? row.winnerProposalHash : <code title={row.winnerProposalHashFull}>{row.winnerProposalHash}</code>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page !== undefined && page.pages > 1 && <Pagination page={page.page} pages={page.pages} hrefFor={hrefFor} />}
    </section>
  );
}

/** The task: the chain's text, else the published text that hashes to it, else its hash. */
function TaskCell({ text, row }: { text: string | undefined; row: { task: string; taskTitle: string } }) {
  if (text === undefined) return <td title={row.taskTitle} data-testid="session-task">{row.task}</td>;
  return <td title={text} data-testid="session-task" data-source="transcript">{shortTask(text)}</td>;
}

const reasonShown = 48;
/** The reason on a short line under the status (the whole of it on hover). */
function shortReason(reason: string): string {
  return reason.length > reasonShown ? `${reason.slice(0, reasonShown - 1)}…` : reason;
}

function caption(isLoading: boolean, total: number | undefined, page: { from: number; to: number; total: number } | undefined): string {
  if (isLoading || total === undefined) return "Loading sessions…";
  if (total === 0) return "No sessions yet.";
  if (page === undefined) return `${total} sessions on chain.`;
  if (page.total === 0) return `No session matches these filters (${total} on chain).`;
  const filtered = page.total === total ? "" : ` matching (${total} on chain)`;
  return `Sessions ${page.from}–${page.to} of ${page.total}${filtered}, newest first.`;
}

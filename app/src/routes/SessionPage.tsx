// One session: header (status, task, bounty, agents, rounds, when it was created and ended, with
// their transactions), a round open to dispute, the final
// answer once deliberation stopped, why it failed (with its refund) when it did, the payouts and why once settled, the charts, then every
// round; kept current live (NATS events, or chain blocks).
import { haltReasonText, outcomeText } from "@concord/agent-sdk/protocol";
import { zeroHash, type Hex } from "viem";
import { useConnection } from "wagmi";
import { useSessionLive } from "../hooks/useSessionLive.ts";
import { useSessionRecord } from "../hooks/useSessionRecord.ts";
import { useDeployment } from "../hooks/useDeployment.ts";
import { useNow } from "../hooks/useNow.ts";
import { useAgentDirectory } from "../hooks/useAgentDirectory.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { useTaskFamilyNames } from "../hooks/useTaskFamilyNames.ts";
import { identityOf, sessionAgentNames } from "../lib/agent-identity.ts";
import { taskFamilyLabel } from "../lib/task-family-names.ts";
import type { Route } from "../lib/routes.ts";
import { ETH } from "../lib/tokens.ts";
import { Amount } from "../components/chain/Amount.tsx";
import { AgentName } from "../components/chain/AgentName.tsx";
import { BlockTimeAgo, TimeAgo } from "../components/chain/TimeAgo.tsx";
import { useSessionIndex } from "../hooks/useSessionIndex.ts";
import { useBlockTimes } from "../hooks/useBlockTimes.ts";
import { AccountAddress } from "../components/chain/AccountAddress.tsx";
import { TxLink } from "../components/chain/TxLink.tsx";
import { NotFound } from "../components/NotFound.tsx";
import { liveStatusText } from "../lib/live-status.ts";
import { sessionStatusLabel } from "../lib/sessions.ts";
import { displayStatus, refundEligibility } from "../lib/session-status.ts";
import { agentLabels, currentRound, mergeRounds } from "../lib/session-view.ts";
import { disputeNotice, settlementView } from "../lib/session-settlement.ts";
import { currencies, currencyOf } from "../lib/tokens.ts";
import { Link } from "../components/Link.tsx";
import { CurrentRoundCard, RoundCard } from "../components/session/RoundCard.tsx";
import { SessionCharts } from "../components/session/SessionCharts.tsx";
import { SettlementSection } from "../components/session/SettlementSection.tsx";
import { FailureSection } from "../components/session/FailureSection.tsx";
import { PhaseProgress } from "../components/session/PhaseProgress.tsx";
import { sessionProgress } from "../lib/session-progress.ts";
import "../components/session/session.css";

export function SessionPage({ route }: { route: Extract<Route, { name: "session" }> }) {
  const id = route.id;
  const record = useSessionRecord(id);
  const transcript = record.transcript?.kind === "transcript" ? record.transcript.transcript : undefined;
  const chainStatus = record.session ? sessionStatusLabel(record.session.status) : undefined;
  const live = useSessionLive(id, record.refetch);
  const currencyList = currencies(useDeployment());
  // Ticks while a dispute window or a failure claim's grace runs: each ends at a time, not an event.
  const now = useNow((record.disputableUntil !== undefined && record.disputableUntil > 0n) || record.refundAfter !== undefined);
  const account = useConnection().address;
  const directory = useAgentDirectory();
  // When it was created and ended: blocks from the shared event index, their times read once.
  const indexed = useSessionIndex().data?.sessions.get(id);
  const familyName = useTaskFamilyNames();
  // The page's own SessionSettled read may land before the index's next scan.
  const ended = indexed?.endedAtBlock !== undefined && indexed.status !== "Open"
    ? { label: indexed.status, block: indexed.endedAtBlock, txHash: indexed.endedTxHash }
    : record.settled ? { label: "Settled", block: record.settled.blockNumber, txHash: record.settled.txHash } : undefined;
  const times = useBlockTimes([indexed?.createdAtBlock, ended?.block, ...(record.chainRounds ?? []).map((r) => r.blockNumber)]);
  const missing = chainStatus === "None" || record.notFound;
  usePageTitle(route, missing ? `Session ${id} not found` : undefined);

  if (missing) {
    return (
      <NotFound heading={`Session ${id} not found`}>
        There is no session {id.toString()} on chain. <Link href="/">See the sessions</Link>.
      </NotFound>
    );
  }
  const names = sessionAgentNames(record.agentIds, transcript?.agents, directory);
  const agents = agentLabels(record.agentIds, names);
  // Each agent's name and picture, linking to its page.
  const identities = agents.map((a, i) => (a.agentId === undefined ? undefined : identityOf(directory, a.agentId, names?.[i])));
  const rounds = mergeRounds(record.chainRounds ?? [], transcript);
  const current = currentRound(rounds, transcript);
  // The chain's word (status and a standing failure claim), the same derivation as the list's.
  const facts = chainStatus === "Open" || chainStatus === "Settled" || chainStatus === "Refunded"
    ? (record.failureClaimed === undefined ? undefined : { status: chainStatus, failureClaimed: record.failureClaimed })
    : undefined;
  const status = facts ? displayStatus(facts) : chainStatus ?? "Loading";
  const chainFailure = facts?.failureClaimed ? record.failure : undefined;
  // A standing claim refunds only once its grace has passed (Sessions.refundAfter).
  const refundOpensAt = facts?.failureClaimed && record.refundAfter !== undefined && now <= record.refundAfter ? record.refundAfter : undefined;
  const canRefund = facts !== undefined && record.session !== undefined && record.refundAfter !== undefined &&
    refundEligibility({ ...record.session, ...facts, refundAfter: record.refundAfter }, account, now) === "failure";
  const dispute = disputeNotice(record.disputableUntil, now, record.session?.roundsRecorded ?? 0);
  const settlement = record.settled && record.chainRounds && record.fairVote !== undefined
    ? settlementView({ agents, rounds: record.chainRounds, payouts: record.settled.payouts, unearned: record.settled.unearned, fairVote: record.fairVote })
    : undefined;
  const progress = record.session
    ? sessionProgress({ transcript, lastEvent: live.furthestEvent, roundsRecorded: record.session.roundsRecorded, maxRounds: record.session.maxRounds, chainStatus: status })
    : undefined;
  // Shown while the session runs; once it ended, the page below says how.
  const running = progress && status === "Open" && progress.stage !== "settled" && progress.stage !== "failed";
  return (
    <section aria-labelledby="session-heading" className="session-page" data-testid="session-page" data-status={status} data-rounds={rounds.length}>
      <h2 id="session-heading">Session {id.toString()}</h2>
      <p role="status" className={`live-status live-${live.mode}`} data-testid="live-status" data-mode={live.mode}>
        {liveStatusText(live)}
      </p>
      {running && <PhaseProgress progress={progress} />}
      {record.error && <p className="error" role="alert">Could not read the session: {record.error.message}</p>}
      <dl className="session-facts">
        <div><dt>Status</dt><dd data-testid="session-status">{status}{status === "Open" ? openNote(transcript?.status) : ""}</dd></div>
        <div><dt>Bounty</dt><dd>{record.session ? <Amount amount={record.session.bounty} currency={currencyOf(currencyList, record.session.token) ?? ETH} /> : "…"}</dd></div>
        <div><dt>Rounds</dt><dd data-testid="session-rounds">{record.session ? `${record.session.roundsRecorded} / ${record.session.maxRounds}` : "…"}</dd></div>
        <div><dt>Agents</dt><dd data-testid="session-agents">{agents.length ? (
          <ul className="plain agent-list">
            {agents.map((a, i) => <li key={i}>{identities[i] === undefined ? a.label : <AgentName agent={identities[i]} />}</li>)}
          </ul>
        ) : "…"}</dd></div>
        {indexed && indexed.taskFamily !== zeroHash && <TaskFamilyFact family={indexed.taskFamily} name={familyName(indexed.taskFamily)} />}
        {record.session && <div><dt>Submitter</dt><dd><AccountAddress address={record.session.submitter} /></dd></div>}
        {indexed && (
          <div>
            <dt>Created</dt>
            <dd data-testid="session-created-fact">
              <BlockTimeAgo ms={times.get(indexed.createdAtBlock)} block={indexed.createdAtBlock} testId="session-created" />
              {indexed.createdTxHash && <> · <TxLink hash={indexed.createdTxHash} /></>}
            </dd>
          </div>
        )}
        {ended && (
          <div>
            <dt>{ended.label}</dt>
            <dd data-testid="session-ended-fact">
              <BlockTimeAgo ms={times.get(ended.block)} block={ended.block} testId="session-ended" />
              {ended.txHash && <> · <TxLink hash={ended.txHash} /></>}
            </dd>
          </div>
        )}
        {record.session && chainStatus === "Open" && <div><dt>Deadline</dt><dd><TimeAgo ms={Number(record.session.deadline) * 1000} /></dd></div>}
        {transcript?.task && <div className="wide"><dt>Task</dt><dd data-testid="session-task">{transcript.task}</dd></div>}
      </dl>
      {dispute && <p className="dispute" role="status" data-testid="dispute-notice" data-until={dispute.until.toISOString()}>{dispute.text}</p>}
      <TranscriptNote result={record.transcript} />
      {transcript?.final && (
        <section aria-labelledby="final-heading" className="final" data-testid="final">
          <h3 id="final-heading">Final answer</h3>
          <p className="answer" data-testid="final-answer">{transcript.final.answer}</p>
          <p className="muted">
            by <strong data-testid="final-agent">{transcript.final.agent}</strong>, score {transcript.final.score}
            {transcript.halt && <> · stopped after round {transcript.halt.round} ({haltReasonText(transcript.halt.reason)})</>}
          </p>
          {transcript.halt?.outcome && (
            <p className={`outcome outcome-${transcript.halt.outcome.replace(" ", "-")}`} data-testid="outcome-label">
              Outcome: <strong>{outcomeText({ label: transcript.halt.outcome, tied: transcript.halt.tied })}</strong>
            </p>
          )}
        </section>
      )}
      {chainFailure && facts && (
        <FailureSection
          sessionId={id} status={displayStatus(facts)} failure={chainFailure} agents={agents} canRefund={canRefund}
          refundOpensAt={refundOpensAt} now={now} onRefunded={record.refetch}
        />
      )}
      {transcript?.failed && !chainFailure && <p className="error" role="alert" data-testid="session-failed">The session failed: {transcript.failed}</p>}
      {settlement && record.session && <SettlementSection view={settlement} currency={currencyOf(currencyList, record.session.token)} winnerIndex={rounds.at(-1)?.winnerIndex} identities={identities} />}
      <SessionCharts rounds={rounds} agents={agents} transcript={transcript} maxRounds={record.session?.maxRounds ?? rounds.length} />
      <div className="rounds" data-testid="rounds">
        {current && <CurrentRoundCard current={current} />}
        {[...rounds].reverse().map((r) => <RoundCard key={r.round} round={r} agents={agents} recordedAtMs={r.blockNumber === undefined ? undefined : times.get(r.blockNumber)} />)}
        {rounds.length === 0 && !current && record.session && <p className="muted">No round recorded yet.</p>}
      </div>
    </section>
  );
}

/** What the orchestrator says of a session the chain still has Open. */
function openNote(transcriptStatus: string | undefined): string {
  if (transcriptStatus === "halted") return " (halted, settling)";
  // Failed without a claim on chain: only the deadline opens the refund.
  if (transcriptStatus === "failed") return " (failed off chain, refund after the deadline)";
  return "";
}

/** The session's task family: its name when this page knows one hashing to it, else its short hash. */
function TaskFamilyFact({ family, name }: { family: Hex; name: string | undefined }) {
  const label = taskFamilyLabel(family, name);
  return (
    <div>
      <dt>Task family</dt>
      <dd data-testid="session-task-family" data-family={family} data-named={name !== undefined} title={`${label.title}; the agents were weighed by their sessions of this family only`}>{label.text}</dd>
    </div>
  );
}

function TranscriptNote({ result }: { result: ReturnType<typeof useSessionRecord>["transcript"] }) {
  if (result === undefined || result.kind === "transcript") return null;
  const text = result.kind === "not-started"
    ? "No orchestrator has started this session yet; rounds appear here as they are recorded."
    : `Proposals and votes are unavailable (${result.reason}); scores and winners come from the chain.`;
  return <p className="muted" data-testid="transcript-note">{text}</p>;
}

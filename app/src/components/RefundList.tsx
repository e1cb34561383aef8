// The submitter's open sessions: a Refund button once the deadline has passed, or once a claimed
// failure's grace has passed (Sessions.refundAfter: until then the agents may still record their
// round), with the transaction's state after it (pending → confirmed, or the decoded revert reason).
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { useReadContract } from "wagmi";
import { useDeployment } from "../hooks/useDeployment.ts";
import { useNow } from "../hooks/useNow.ts";
import { useTx } from "../hooks/useTx.ts";
import type { RefundRow } from "../lib/payouts.ts";
import { sessionHref } from "../lib/routes.ts";
import { currencyOf, type Currency } from "../lib/tokens.ts";
import { timeLeft } from "../lib/format.ts";
import { txInFlight } from "../lib/txState.ts";
import { Link } from "./Link.tsx";
import { TxStatus } from "./TxStatus.tsx";
import { Amount } from "./chain/Amount.tsx";
import { TimeAgo } from "./chain/TimeAgo.tsx";

export function RefundList({ rows, currencies }: { rows: readonly RefundRow[]; currencies: readonly Currency[] }) {
  if (rows.length === 0) return <p className="muted">You have no open sessions.</p>;
  return (
    <ul className="plain">
      {rows.map((r) => <Refund key={r.sessionId.toString()} row={r} currency={currencyOf(currencies, r.token)} />)}
    </ul>
  );
}

function Refund({ row, currency }: { row: RefundRow; currency: Currency }) {
  const address = useDeployment().contracts.Sessions;
  const tx = useTx();
  const claimed = row.failureReason !== undefined;
  const refundAfter = useReadContract({ address, abi: sessionsAbi, functionName: "refundAfter", args: [row.sessionId], query: { enabled: claimed } });
  const now = useNow(claimed);
  // A claim's grace not over yet (or not read yet): no button, the time it opens.
  const inGrace = claimed && (refundAfter.data === undefined || now <= refundAfter.data);
  const deadline = <TimeAgo ms={Number(row.deadline) * 1000} />;
  const id = row.sessionId.toString();
  return (
    <li data-testid="refund-row" data-session-id={row.sessionId.toString()}>
      <Link href={sessionHref(row.sessionId)}>Session {row.sessionId.toString()}</Link>: bounty <Amount amount={row.bounty} currency={currency} />,{" "}
      {claimed
        ? <>failed ({row.failureReason || "no reason given"}): {inGrace
          ? <>refund opens {refundAfter.data === undefined ? "soon" : timeLeft(Number(refundAfter.data - now) + 1)}, once the agents' grace to record a round ends.</>
          : "refund open now."}</>
        : row.refundable ? <>deadline passed ({deadline}).</> : <>open until {deadline}.</>}{" "}
      {row.refundable && !inGrace && tx.state.kind !== "confirmed" && (
        <button type="button" disabled={txInFlight(tx.state)} onClick={() => void tx.run({ address, abi: sessionsAbi, functionName: "refund", args: [row.sessionId] }, { confirmation: `Refund of session ${id} confirmed` })}>
          Refund session {row.sessionId.toString()}
        </button>
      )}
      <TxStatus state={tx.state} noun="refund" testId="refund-status" />
    </li>
  );
}

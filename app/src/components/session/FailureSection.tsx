// A failed session on its page, as the chain states it (SessionFailed): why, which agents signed a
// decline, the transaction that declared it, and whether the bounty went back or the refund is
// open (once a claim's grace has passed: until then the agents may still record their round); the
// submitter gets the Refund button then, with the transaction's state after it.
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { useDeployment } from "../../hooks/useDeployment.ts";
import { useTx } from "../../hooks/useTx.ts";
import type { AgentLabel } from "../../lib/session-view.ts";
import { declinedIndexes, type DisplayStatus, type SessionFailure } from "../../lib/session-status.ts";
import { txInFlight } from "../../lib/txState.ts";
import { TxStatus } from "../TxStatus.tsx";
import { TxLink } from "../chain/TxLink.tsx";
import { timeLeft } from "../../lib/format.ts";

export type FailureSectionProps = {
  readonly sessionId: bigint;
  readonly status: DisplayStatus;
  readonly failure: SessionFailure;
  readonly agents: readonly AgentLabel[];
  /** The connected account is the submitter and may refund now. */
  readonly canRefund: boolean;
  /** While a claim's grace runs: unix seconds after which the submitter may refund (Sessions.refundAfter). */
  readonly refundOpensAt?: bigint;
  /** The page's clock, unix seconds (ticks each second while the grace runs). */
  readonly now: bigint;
  /** Reads the session again once the refund is mined. */
  readonly onRefunded: () => unknown;
};

export function FailureSection({ sessionId, status, failure, agents, canRefund, refundOpensAt, now, onRefunded }: FailureSectionProps) {
  const address = useDeployment().contracts.Sessions;
  const tx = useTx();
  const declined = declinedIndexes(failure.declined).map((i) => agents[i]?.label ?? `agent ${i + 1}`);
  const refunded = status === "Failed (refunded)";
  const refund = async () => {
    if (await tx.run({ address, abi: sessionsAbi, functionName: "refund", args: [sessionId] }, { confirmation: `Refund of session ${sessionId} confirmed` })) onRefunded();
  };
  return (
    <section aria-labelledby="failure-heading" className="failure" data-testid="failure" data-refund={refunded ? "refunded" : refundOpensAt !== undefined ? "grace" : "open"}>
      <h3 id="failure-heading">Failed</h3>
      <p>Reason: <strong data-testid="failure-reason">{failure.reason || "none given"}</strong></p>
      <p data-testid="failure-declined">
        {declined.length === 0 ? "No agent signed a decline: the orchestrator claimed the failure." : `Declined by ${declined.join(", ")}.`}
      </p>
      <p className="muted small">Declared in transaction <TxLink hash={failure.txHash} /></p>
      <p data-testid="failure-refund">
        {!refunded && refundOpensAt !== undefined
          ? <>Refund opens {timeLeft(Number(refundOpensAt - now) + 1)}: until then the agents may still record the round, which withdraws the claim.</>
          : !refunded
          ? "Refund open: the submitter may take the bounty back now."
          : failure.refunded
            ? "Refunded: the declines left too few agents, so the bounty went back to the submitter at once."
            : "Refunded: the submitter took the bounty back."}
      </p>
      {canRefund && tx.state.kind !== "confirmed" && (
        <button type="button" disabled={txInFlight(tx.state)} onClick={() => void refund()}>Refund session {sessionId.toString()}</button>
      )}
      <TxStatus state={tx.state} noun="refund" testId="refund-status" />
    </section>
  );
}

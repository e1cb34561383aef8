// A session that gave up is declared failed on chain, so the submitter's bounty is not locked
// until the deadline: with enough agents' declines it is refunded at once, otherwise the failure
// is claimed and the submitter may refund after its grace (Sessions.failSession). Never throws: a failed
// declaration is logged and leaves the bounty where it was (refund after the deadline).
import type { Hex } from "viem";
import { type Decline, describeRevert, type FailureRefund } from "@concord/agent-sdk/protocol";
import { failSession } from "../chain/actions/index.ts";
import type { SessionDeps, SessionPlan } from "./types.ts";

export interface FailureDeclared {
  refund: FailureRefund;
  /** The agents whose declines went with it. */
  declined: string[];
  txHash?: Hex;
}

export async function declareFailure(
  deps: Pick<SessionDeps, "chain" | "orchestrator" | "log">,
  plan: Pick<SessionPlan, "sessionId" | "panel" | "minRounds">,
  roundsRecorded: number,
  reason: string,
  declines: readonly Decline[],
): Promise<FailureDeclared> {
  const log = deps.log ?? (() => {});
  const id = plan.sessionId;
  if (roundsRecorded >= plan.minRounds) {
    log(`session ${id}: not declared failed on chain: ${roundsRecorded} round(s) recorded ≥ minRounds ${plan.minRounds}, so the work is settled, not refunded`);
    return { refund: "at-deadline", declined: [] };
  }
  // One decline the chain refuses would revert the whole call: then the claim alone is tried.
  for (const attempt of declines.length > 0 ? [declines, []] : [declines]) {
    try {
      const done = await failSession(deps.chain, { wallet: deps.orchestrator, sessionId: id, reason, declines: attempt });
      const declined = attempt.map((d) => plan.panel[d.agentIndex]!.name);
      log(`session ${id}: declared failed on chain (tx ${done.txHash}): ${done.refunded ? "bounty refunded to the submitter" : "failure claimed, the submitter may refund once the agents' grace to record a round has passed"}`);
      return { refund: done.refunded ? "refunded" : "open", declined, txHash: done.txHash };
    } catch (error) {
      log(`session ${id}: failSession with ${attempt.length} decline(s) failed: ${describeRevert(error instanceof Error && error.cause ? error.cause : error)}`);
    }
  }
  log(`session ${id}: the chain was not told the session failed; its submitter may refund after the deadline`);
  return { refund: "at-deadline", declined: [] };
}

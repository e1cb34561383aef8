// What `concord session` says of a failed session: why, and where its bounty is (refunded, open to
// the submitter's refund once the claim's grace passed, or waiting for the deadline when the chain
// was never told).
import { isoTime } from "@concord/agent-sdk/chain";
import { sessionStatusCode } from "@concord/agent-sdk/protocol";
import type { ChainRecord } from "./session-record.ts";

/** The headline status: a session declared failed reads Failed whatever its on-chain status. */
export function statusText(onChain: ChainRecord, statusName: string): string {
  const { failure, failureClaimed, session } = onChain;
  if (failure && session.status === sessionStatusCode("Refunded")) return "Failed (refunded)";
  if (failure && failureClaimed) return "Failed (refund open to the submitter)";
  return statusName;
}

/** The lines after the rounds; none for a session that did not fail. */
export function failureLines(onChain: ChainRecord, storedReason: string | undefined, now: bigint): string[] {
  const { failure, failureClaimed, refundAfter, session } = onChain;
  const refunded = session.status === sessionStatusCode("Refunded");
  if (failure) {
    const declined = session.agentIds.filter((_, i) => (failure.declined >> BigInt(i)) & 1n).map((a) => `#${a}`);
    const lines = [`failed: ${failure.reason || storedReason || "(no reason given)"}`];
    if (declined.length > 0) lines.push(`  declined by agent(s) ${declined.join(", ")} (signed)`);
    if (refunded) {
      lines.push(failure.refunded
        ? `  bounty refunded to the submitter at once (tx ${failure.txHash}): the agents' declines left too few to run it`
        : `  bounty refunded to the submitter (failure claimed in tx ${failure.txHash})`);
    } else if (failureClaimed) {
      lines.push(now > refundAfter
        ? `  failure claimed on chain (tx ${failure.txHash}): the submitter may refund now, before the deadline`
        : `  failure claimed on chain (tx ${failure.txHash}): the submitter may refund after ${isoTime(refundAfter)}, when the agents' grace to record a round ends`);
    } else {
      lines.push(`  a failure was claimed (tx ${failure.txHash}) but a round was recorded since, which withdrew it`);
    }
    return lines;
  }
  if (storedReason === undefined) return [];
  const after = new Date(Number(session.deadline) * 1000).toISOString();
  const where = refunded ? "bounty refunded to the submitter"
    : session.status !== sessionStatusCode("Open") ? ""
    : session.roundsRecorded >= session.minRounds ? "the rounds recorded are settled, by anyone after the deadline"
    : now > session.deadline ? "the submitter may refund now (the deadline has passed)"
    : `the chain was not told: the submitter may refund after the deadline (${after})`;
  return [`failed: ${storedReason}`, ...(where ? [`  ${where}`] : [])];
}

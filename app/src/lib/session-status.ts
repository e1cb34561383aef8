// The status a session is shown with everywhere (list, session page, payouts): the chain's status
// refined by a standing failure claim (Sessions.failureClaimed, stated by SessionFailed), and who
// may refund it when. Framework-free; the index and the session page feed it the same facts.
import type { Address, Hex } from "viem";
import type { SessionStatus } from "@concord/agent-sdk/protocol";

/** The last SessionFailed of a session: why, who declined (bit i = agent i), and whether it refunded. */
export type SessionFailure = {
  readonly reason: string;
  readonly declined: bigint;
  readonly refunded: boolean;
  readonly txHash: Hex;
};

export type ChainStatus = Exclude<SessionStatus, "None">;

/** What the chain says: its status and whether a failure claim stands (no round recorded since). */
export type StatusFacts = { readonly status: ChainStatus; readonly failureClaimed: boolean };

export const displayStatuses = ["Open", "Failed (refund open)", "Failed (refunded)", "Settled", "Refunded"] as const;
export type DisplayStatus = (typeof displayStatuses)[number];

/**
 * Failed when a claim stands: refunded once the bounty went back (at once by declines, or by the
 * submitter since), refund open while the session is still Open. A claim a recorded round
 * withdrew leaves the plain status; a settled session never has one (settling needs minRounds,
 * failing fewer).
 */
export function displayStatus({ status, failureClaimed }: StatusFacts): DisplayStatus {
  if (status === "Settled") return "Settled";
  if (status === "Refunded") return failureClaimed ? "Failed (refunded)" : "Refunded";
  return failureClaimed ? "Failed (refund open)" : "Open";
}

/** The statuses the list filters by: both failed kinds are Failed. */
export const listStatuses = ["Open", "Failed", "Settled", "Refunded"] as const;
export type ListStatus = (typeof listStatuses)[number];

export function listStatus(status: DisplayStatus): ListStatus {
  return status.startsWith("Failed") ? "Failed" : (status as ListStatus);
}

/** The agent indexes whose signed decline came with the failure (bits of `declined`), ascending. */
export function declinedIndexes(declined: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; declined >> BigInt(i) > 0n; i++) if ((declined >> BigInt(i)) & 1n) out.push(i);
  return out;
}

export type RefundFacts = StatusFacts & {
  readonly submitter: Address;
  readonly roundsRecorded: number;
  readonly minRounds: number;
  readonly deadline: bigint;
  /**
   * While a failure claim stands, when its grace ends (Sessions.refundAfter, unix seconds): the
   * agents may record a round until then. Unknown (not read): the claim is taken as open.
   */
  readonly refundAfter?: bigint;
};

/**
 * Whether `account` may refund the session now (Sessions.refund): only its submitter, only while
 * it is Open with fewer than minRounds recorded (one that has them is settled), and only once a
 * claimed failure's grace has passed or the chain's time `now` is past the deadline (else
 * RefundTooEarly). "grace": a claim stands, refundable once its grace ends; "later": the
 * submitter's, refundable after the deadline; undefined: not the account's to refund.
 */
export function refundEligibility(s: RefundFacts, account: Address | undefined, now: bigint | undefined): "failure" | "grace" | "deadline" | "later" | undefined {
  if (account === undefined || s.submitter.toLowerCase() !== account.toLowerCase()) return undefined;
  if (s.status !== "Open" || s.roundsRecorded >= s.minRounds) return undefined;
  if (s.failureClaimed) return s.refundAfter === undefined || (now !== undefined && now > s.refundAfter) ? "failure" : "grace";
  return now !== undefined && now > s.deadline ? "deadline" : "later";
}

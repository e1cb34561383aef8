// The one table that turns a Sessions revert into a sentence a person can act on, with the code
// from the error catalogue. An error not listed here is reported by name and arguments.
import type { sessionsAbi } from "../abis/index.ts";
import { sessionStatuses, type ErrorCode } from "../protocol/index.ts";

type SessionsErrorName = Extract<(typeof sessionsAbi)[number], { type: "error" }>["name"];
type Explanation = { code: ErrorCode; message: string };

/** A contract time (unix seconds) as an ISO date, the way every message here states one. */
export function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

const status = (code: unknown) => sessionStatuses[Number(code)] ?? `status ${String(code)}`;
const eth = (token: unknown) => (/^0x0{40}$/.test(String(token)) ? "ETH" : `token ${String(token)}`);

const explanations: { [name in SessionsErrorName]?: (args: readonly unknown[]) => Explanation } = {
  UnknownSession: ([id]) => ({ code: "SESSION_NOT_FOUND", message: `no session has id ${id}` }),
  SessionNotOpen: ([id, s]) => ({ code: "SESSION_NOT_OPEN", message: `session ${id} is already ${status(s)}` }),
  NotSubmitter: ([id, caller]) => ({ code: "NOT_SUBMITTER", message: `${caller} is not the submitter of session ${id}: only its submitter may do this` }),
  RefundTooEarly: ([id, after]) => ({
    code: "DEADLINE_NOT_PASSED",
    message: `session ${id} can be refunded only after ${isoTime(after as bigint)}: its deadline, or sooner, if its orchestrator claimed it failed, the end of the grace that gives its agents to record a round`,
  }),
  RefundAfterMinRounds: ([id, recorded, min]) => ({
    code: "SESSION_NOT_REFUNDABLE",
    message: `session ${id} has ${recorded} rounds recorded, its minimum of ${min} reached: that work is paid by settling it, never refunded`,
  }),
  TooFewRounds: ([id, recorded, min]) => ({ code: "CHAIN_CALL_FAILED", message: `session ${id} recorded ${recorded} rounds; it needs ${min} to settle` }),
  NotOrchestrator: ([id, caller]) => ({
    code: "CHAIN_CALL_FAILED",
    message: `${caller} is not the orchestrator of session ${id}: before the deadline only the orchestrator may settle a session short of its maxRounds`,
  }),
  RoundDisputable: ([id, round, until]) => ({
    code: "CHAIN_CALL_FAILED", message: `session ${id}'s round ${round} is open to dispute until ${isoTime(BigInt(until as number))}`,
  }),
  NotSettled: ([id]) => ({ code: "CHAIN_CALL_FAILED", message: `session ${id} is not settled: royalties are distributed after settlement` }),
  AgentIndexOutOfRange: ([id, index]) => ({ code: "CHAIN_CALL_FAILED", message: `session ${id} has no agent index ${index}` }),
  RoyaltyAlreadyDistributed: ([id, index]) => ({ code: "CHAIN_CALL_FAILED", message: `agent index ${index}'s royalties in session ${id} were already distributed` }),
  NothingToClaim: ([token, account]) => ({ code: "CHAIN_CALL_FAILED", message: `${account} has nothing to claim in ${eth(token)}` }),
  DeadlinePassed: ([id, deadline]) => ({ code: "SESSION_NOT_OPEN", message: `session ${id}'s deadline passed at ${isoTime(deadline as bigint)}` }),
  InvalidDeadline: ([deadline, now]) => ({ code: "CONFIG_INVALID", message: `the deadline ${isoTime(deadline as bigint)} is not after the chain's time, ${isoTime(now as bigint)}` }),
  SubmitterIsOrchestrator: ([submitter]) => ({ code: "CONFIG_INVALID", message: `the submitter ${submitter} named itself orchestrator: use another account for either role` }),
  AgentCountOutOfRange: ([count, min, max]) => ({ code: "CONFIG_INVALID", message: `${count} agents given; a session takes ${min} to ${max}` }),
  DuplicateAgent: ([agentId]) => ({ code: "CONFIG_INVALID", message: `agent ${agentId} is named more than once` }),
  RetiredAgent: ([agentId]) => ({ code: "AGENT_RETIRED", message: `agent ${agentId} is retired and cannot join a new session` }),
  BountyTooSmall: ([bounty, , required]) => ({ code: "CONFIG_INVALID", message: `a bounty of ${bounty} is too small: some share would round to zero (the pool needs at least ${required})` }),
  BountyTooLarge: ([bounty, max]) => ({ code: "CONFIG_INVALID", message: `a bounty of ${bounty} is above the contract's maximum, ${max}` }),
  FeeOnTransferToken: ([token]) => ({ code: "CONFIG_INVALID", message: `token ${token} takes a fee on transfer: Sessions refuses it` }),
};

/** The explanation of a decoded Sessions revert, if the table has one. */
export function explainSessionsRevert(errorName: string, args: readonly unknown[]): Explanation | undefined {
  return explanations[errorName as SessionsErrorName]?.(args);
}

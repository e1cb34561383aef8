// The submit form's validation: the raw field texts in, either the createSession parameters or
// one clear message per invalid field out. Framework-free; the limits are the protocol's, which
// the contract tests check against Sessions' own, so the form refuses what the contract would.
import { type Address, getAddress, type Hex, isAddress, isAddressEqual, keccak256, parseUnits, stringToBytes } from "viem";
import {
  DEFAULT_ABSENCE_GRACE, DEFAULT_EFFORT, MAX_ABSENCE_GRACE, MAX_AGENTS, MAX_ROUNDS, MAX_TASK_CHARS, MAX_VOTE_CREDITS, MIN_AGENTS, MAX_TASK_FAMILY_CHARS, taskFamilyName,
} from "@concord/agent-sdk/protocol";
import { formatAmount, type Currency } from "./tokens.ts";

/** The latest deadline the form offers (30 days): the dApp's choice; the contract takes any future time. */
const MAX_DEADLINE_MINUTES = 60 * 24 * 30;

export type SubmitFields = {
  readonly task: string;
  /** The chosen currency's symbol (ETH or a listed token). */
  readonly currency: string;
  readonly bounty: string;
  readonly minRounds: string;
  readonly maxRounds: string;
  readonly effort: string;
  readonly voteCredits: string;
  /** Seconds a round recorded with absent agents stays open to being replaced by its complete version. */
  readonly absenceGrace: string;
  readonly deadlineMinutes: string;
  /** The task family's name; empty: none (the agents' one shared history weighs them). */
  readonly taskFamily: string;
  readonly agentIds: readonly string[];
  readonly orchestrator: string;
};

export type SubmitField = keyof SubmitFields;

export const defaultFields = (orchestrator: string | undefined): SubmitFields => ({
  task: "", currency: "ETH", bounty: "0.1", minRounds: "1", maxRounds: "3", effort: String(DEFAULT_EFFORT),
  voteCredits: String(MAX_VOTE_CREDITS), absenceGrace: String(DEFAULT_ABSENCE_GRACE), deadlineMinutes: "60", taskFamily: "", agentIds: [], orchestrator: orchestrator ?? "",
});

export type SubmitParams = {
  readonly task: string;
  readonly taskHash: Hex;
  readonly currency: Currency;
  readonly bounty: bigint;
  readonly minRounds: number;
  readonly maxRounds: number;
  readonly effort: number;
  readonly voteCredits: number;
  readonly absenceGrace: number;
  readonly deadlineSeconds: number;
  readonly agentIds: readonly bigint[];
  readonly orchestrator: Address;
  /** The task family's name (taskFamilyId gives its bytes32); absent: none. */
  readonly taskFamily?: string;
};

export type Validation =
  | { readonly ok: true; readonly params: SubmitParams }
  | { readonly ok: false; readonly errors: Partial<Record<SubmitField, string>> };

function wholeNumber(text: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(text.trim())) return `Enter a whole number from ${min} to ${max}.`;
  const n = Number(text.trim());
  return n < min || n > max ? `Enter a whole number from ${min} to ${max}.` : n;
}

/**
 * `balance`: the submitter's balance in the chosen currency, when known (refuses overspending).
 * `submitter`: the connected account, when known (the contract refuses one that orchestrates its own session).
 */
export function validateSubmit(fields: SubmitFields, currencies: readonly Currency[], balance?: bigint, submitter?: Address): Validation {
  const errors: Partial<Record<SubmitField, string>> = {};
  const task = fields.task.trim();
  if (task === "") errors.task = "Describe the task.";
  else if (task.length > MAX_TASK_CHARS) errors.task = `Keep the task under ${MAX_TASK_CHARS} characters (it has ${task.length}).`;

  const currency = currencies.find((c) => c.symbol === fields.currency);
  let bounty = 0n;
  if (currency === undefined) errors.currency = "Choose ETH or one of the listed tokens.";
  else if (!/^\d+(\.\d+)?$/.test(fields.bounty.trim())) errors.bounty = `Enter an amount of ${currency.symbol}, e.g. 0.5.`;
  else if ((fields.bounty.trim().split(".")[1]?.length ?? 0) > currency.decimals) errors.bounty = `${currency.symbol} has at most ${currency.decimals} decimals.`;
  else {
    bounty = parseUnits(fields.bounty.trim(), currency.decimals);
    if (bounty === 0n) errors.bounty = "The bounty must be more than zero.";
    else if (balance !== undefined && bounty > balance) errors.bounty = `That is more than your balance (${formatAmount(balance, currency)}).`;
  }

  const maxRounds = wholeNumber(fields.maxRounds, 1, MAX_ROUNDS);
  if (typeof maxRounds === "string") errors.maxRounds = maxRounds;
  const minRounds = wholeNumber(fields.minRounds, 1, MAX_ROUNDS);
  if (typeof minRounds === "string") errors.minRounds = minRounds;
  else if (typeof maxRounds === "number" && minRounds > maxRounds) errors.minRounds = "The minimum cannot exceed the maximum rounds.";

  const effort = Number(fields.effort.trim());
  if (fields.effort.trim() === "" || !Number.isFinite(effort) || effort <= 0 || effort > 1) errors.effort = "Enter a number above 0 and at most 1 (e.g. 0.6).";

  const voteCredits = wholeNumber(fields.voteCredits, 1, MAX_VOTE_CREDITS);
  if (typeof voteCredits === "string") errors.voteCredits = voteCredits;

  const absenceGrace = wholeNumber(fields.absenceGrace, 0, MAX_ABSENCE_GRACE);
  if (typeof absenceGrace === "string") errors.absenceGrace = absenceGrace;

  const deadline = wholeNumber(fields.deadlineMinutes, 1, MAX_DEADLINE_MINUTES);
  if (typeof deadline === "string") errors.deadlineMinutes = deadline;

  const taskFamily = fields.taskFamily.trim();
  if (taskFamily !== "" && !taskFamilyName.safeParse(taskFamily).success) errors.taskFamily = `Keep the task family's name under ${MAX_TASK_FAMILY_CHARS} characters.`;

  const agentIds = [...new Set(fields.agentIds)];
  if (agentIds.length < MIN_AGENTS || agentIds.length > MAX_AGENTS) {
    errors.agentIds = `Choose ${MIN_AGENTS} to ${MAX_AGENTS} agents (${agentIds.length} chosen).`;
  }

  if (!isAddress(fields.orchestrator.trim())) errors.orchestrator = "Enter the orchestrator's address (0x followed by 40 hex digits).";
  else if (submitter !== undefined && isAddressEqual(fields.orchestrator.trim() as Address, submitter)) {
    errors.orchestrator = "The orchestrator must be another account than yours: a submitter may not run its own session.";
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    params: {
      task, taskHash: keccak256(stringToBytes(task)), currency: currency!, bounty,
      minRounds: minRounds as number, maxRounds: maxRounds as number, effort, voteCredits: voteCredits as number, absenceGrace: absenceGrace as number,
      deadlineSeconds: (deadline as number) * 60,
      agentIds: agentIds.map((id) => BigInt(id)),
      orchestrator: getAddress(fields.orchestrator.trim()),
      ...(taskFamily === "" ? {} : { taskFamily }),
    },
  };
}

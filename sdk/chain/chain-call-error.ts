// A failed contract call as a ConcordError: a Sessions revert explained by its table, short funds
// said plainly, anything else by viem's shortest message. The viem error stays as the cause, so
// `revertName(error)` still names the contract's error.
import { ConcordError, decodedRevert, describeRevert, isInsufficientFunds } from "../protocol/index.ts";
import { explainSessionsRevert } from "./revert-explanations.ts";

export function chainCallError(functionName: string, cause: unknown): ConcordError {
  if (isInsufficientFunds(cause)) return new ConcordError("INSUFFICIENT_FUNDS", `${functionName}: ${describeRevert(cause)}`, { cause });
  const revert = decodedRevert(cause);
  const explained = revert && explainSessionsRevert(revert.errorName, revert.args);
  if (explained) return new ConcordError(explained.code, `${functionName}: ${explained.message}`, { cause });
  return new ConcordError("CHAIN_CALL_FAILED", `${functionName} failed: ${describeRevert(cause)}`, { cause });
}

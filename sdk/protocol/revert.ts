// Reading a contract's custom error out of a failed viem call: the one decoder of reverts for the
// SDK's relayer, the orchestrator's chain bridge and the command line.
import { BaseError, ContractFunctionRevertedError } from "viem";
import { ConcordError } from "./errors.ts";

/**
 * Whether a failed call was refused for want of funds. Nodes say so in their own words behind a
 * generic JSON-RPC error (hardhat: -32000, which viem titles "Missing or invalid parameters").
 */
export function isInsufficientFunds(error: unknown): boolean {
  const cause = error instanceof ConcordError ? error.cause : error;
  if (!(cause instanceof BaseError)) return false;
  return cause.walk((e) => /insufficient funds|sender doesn't have enough funds/i.test(
    [(e as BaseError).details, (e as Error).message].filter(Boolean).join(" "))) !== null;
}

/** "InvalidSignature(1, 0xabc…, 0xdef…)" from a revert, or the shortest message viem has. */
export function describeRevert(error: unknown): string {
  if (isInsufficientFunds(error)) return "insufficient funds: the sender's balance does not cover the value sent plus gas";
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      const args = (revert.data.args ?? []).map((a) => String(a)).join(", ");
      return `${revert.data.errorName}(${args})`;
    }
    // One line: viem's title (its hint lines dropped) and the node's own words when it gave any.
    const title = error.shortMessage.split("\n")[0]!;
    const details = error.details?.split("\n")[0];
    return details && !title.includes(details) ? `${title} (${details})` : title;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The custom error and its arguments if the failure was a decoded revert (also through a ConcordError's cause). */
export function decodedRevert(error: unknown): { errorName: string; args: readonly unknown[] } | undefined {
  const cause = error instanceof ConcordError ? error.cause : error;
  if (!(cause instanceof BaseError)) return undefined;
  const revert = cause.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError) || !revert.data?.errorName) return undefined;
  return { errorName: revert.data.errorName, args: revert.data.args ?? [] };
}

/** The custom error's name if the failure was a decoded revert (also through a ConcordError's cause). */
export function revertName(error: unknown): string | undefined {
  return decodedRevert(error)?.errorName;
}

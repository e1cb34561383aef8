// Turns a viem/wagmi error into one line a user can act on: the contract's custom error name for
// a revert, "rejected" for a wallet refusal, else viem's short message.
import { BaseError, ContractFunctionRevertedError, UserRejectedRequestError } from "viem";

export function describeTxError(error: unknown): string {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName;
      if (name !== undefined) {
        const args = revert.data?.args ?? [];
        return `reverted: ${name}(${args.map(String).join(", ")})`;
      }
      return `reverted: ${revert.reason ?? "no reason given"}`;
    }
    if (error.walk((e) => e instanceof UserRejectedRequestError) instanceof UserRejectedRequestError) {
      return "rejected in the wallet";
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

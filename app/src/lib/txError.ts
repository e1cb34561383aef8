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

/** The custom error a contract read reverted with ("UnknownSession"), if it was one. */
export function revertErrorName(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return revert instanceof ContractFunctionRevertedError ? revert.data?.errorName : undefined;
}

/** Retry a read a few times unless the contract itself refused it (a revert will not change). */
export function retryUnlessReverted(failures: number, error: unknown): boolean {
  return failures < 3 && revertErrorName(error) === undefined;
}

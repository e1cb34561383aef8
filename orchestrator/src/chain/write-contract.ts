// One path for every contract write: simulate (so a revert is decoded before sending), send,
// wait for the receipt, and turn failures into ConcordErrors naming the contract's custom error.
import {
  BaseError, ContractFunctionRevertedError, type Abi, type ContractFunctionArgs,
  type ContractFunctionName, type Hex, type PublicClient, type TransactionReceipt,
} from "viem";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { canSendInOrder, sendInOrder, type ContractCall } from "./send-in-order.ts";

import type { Wallet } from "./wallet.ts";

// Callers take the wallet type from here, with the function that sends from it.
export type { Wallet } from "./wallet.ts";

/** "InvalidSignature(1, 0xabc…, 0xdef…)" from a revert, or the shortest message viem has. */
export function describeRevert(error: unknown): string {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      const args = (revert.data.args ?? []).map((a) => String(a)).join(", ");
      return `${revert.data.errorName}(${args})`;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The custom error's name if the failure was a decoded revert. */
export function revertName(error: unknown): string | undefined {
  const cause = error instanceof ConcordError ? error.cause : error;
  if (!(cause instanceof BaseError)) return undefined;
  const revert = cause.walk((e) => e instanceof ContractFunctionRevertedError);
  return revert instanceof ContractFunctionRevertedError ? revert.data?.errorName : undefined;
}

export async function writeContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
>(
  publicClient: PublicClient,
  wallet: Wallet,
  request: {
    address: `0x${string}`;
    abi: abi;
    functionName: functionName;
    args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
    value?: bigint;
  },
): Promise<{ receipt: TransactionReceipt; hash: Hex }> {
  const label = `${String(request.functionName)}`;
  let hash: Hex;
  try {
    // viem's simulate/write generics cannot follow this wrapper's generics; the signature above
    // is what checks the call, so the inner calls take the request as already checked.
    const simulate = publicClient.simulateContract as (args: unknown) => Promise<{ request: unknown }>;
    const { request: prepared } = await simulate({ ...request, account: wallet.account });
    hash = canSendInOrder(wallet)
      ? await sendInOrder(publicClient, wallet, request as ContractCall)
      : await (wallet.writeContract as (args: unknown) => Promise<Hex>)(prepared);
  } catch (cause) {
    throw new ConcordError("CHAIN_CALL_FAILED", `${label} failed: ${describeRevert(cause)}`, { cause });
  }
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    throw new ConcordError("CHAIN_CALL_FAILED", `${label} reverted in block ${receipt.blockNumber} (tx ${hash})`);
  }
  return { receipt, hash };
}

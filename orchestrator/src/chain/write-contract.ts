// One path for every contract write: simulate (so a revert is decoded before sending), send,
// wait for the receipt, and turn failures into ConcordErrors naming the contract's custom error.
import {
  type Abi, type ContractFunctionArgs, type ContractFunctionName, type Hex, type PublicClient, type TransactionReceipt,
} from "viem";
import { ConcordError, describeRevert, isInsufficientFunds, RPC_OUTAGE_MAX_MS } from "@concord/agent-sdk/protocol";
import { canSendInOrder, sendInOrder, type ContractCall } from "./send-in-order.ts";

import type { Wallet } from "./wallet.ts";

// Callers take the wallet type from here, with the function that sends from it.
export type { Wallet } from "./wallet.ts";
// Reverts are decoded once, in the SDK's protocol (its relayer reads them too).
export { describeRevert, revertName } from "@concord/agent-sdk/protocol";

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
  /**
   * `simulateAt: "pending"` simulates in the block the node would mine next (its clock now), not
   * in the latest block: what a call that waited for time to pass needs on a devnet that mines
   * only on demand, whose latest block keeps its old timestamp.
   */
  options: { simulateAt?: "pending" } = {},
): Promise<{ receipt: TransactionReceipt; hash: Hex }> {
  const label = `${String(request.functionName)}`;
  let hash: Hex;
  try {
    // viem's simulate/write generics cannot follow this wrapper's generics; the signature above
    // is what checks the call, so the inner calls take the request as already checked.
    const simulate = publicClient.simulateContract as (args: unknown) => Promise<{ request: unknown }>;
    const { request: prepared } = await simulate({ ...request, account: wallet.account, blockTag: options.simulateAt });
    hash = canSendInOrder(wallet)
      ? await sendInOrder(publicClient, wallet, request as ContractCall)
      : await (wallet.writeContract as (args: unknown) => Promise<Hex>)(prepared);
  } catch (cause) {
    throw new ConcordError(isInsufficientFunds(cause) ? "INSUFFICIENT_FUNDS" : "CHAIN_CALL_FAILED", `${label} failed: ${describeRevert(cause)}`, { cause });
  }
  // Past viem's 3 min default: an RPC outage is waited out by the transport, and the receipt with it.
  const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: RPC_OUTAGE_MAX_MS });
  if (receipt.status !== "success") {
    throw new ConcordError("CHAIN_CALL_FAILED", `${label} reverted in block ${receipt.blockNumber} (tx ${hash})`);
  }
  return { receipt, hash };
}

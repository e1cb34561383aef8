// One path for every contract write. From a local account (the orchestrator's hot path) it is
// sent at once, nonce, fees and gas set locally (send-in-order.ts), and only a receipt that says
// reverted is explained, by simulating the call in that block to decode the contract's custom
// error. A call without a table gas limit is estimated the first time its shape is sent in a
// process, which decodes a revert before anything is sent: so a command a person runs (one write,
// a fresh process) still hears the contract's error without paying for a reverted transaction.
// Other accounts (a node's own) simulate first and let viem send. Failures become ConcordErrors
// naming the custom error.
import {
  type Abi, type ContractFunctionArgs, type ContractFunctionName, type Hex, type PublicClient, type TransactionReceipt,
} from "viem";
import { ConcordError, describeRevert, isInsufficientFunds, RPC_OUTAGE_MAX_MS } from "@concord/agent-sdk/protocol";
import { raiseGasLimit } from "./gas-limit.ts";
import { receiptOf } from "./receipts.ts";
import { callData, canSendInOrder, sendInOrder, type ContractCall } from "./send-in-order.ts";

import type { Wallet } from "./wallet.ts";

// Callers take the wallet type from here, with the function that sends from it.
export type { Wallet } from "./wallet.ts";
// Reverts are decoded once, in the SDK's protocol (its relayer reads them too).
export { describeRevert, revertName } from "@concord/agent-sdk/protocol";

export interface WriteOptions {
  /**
   * `simulateAt: "pending"` simulates before sending, in the block the node would mine next (its
   * clock now): what a call sent again after waiting for time to pass does, on a devnet that mines
   * only on demand, whose latest block keeps its old timestamp.
   */
  simulateAt?: "pending";
  /** The gas limit from a table (gas-limit.ts); without it, estimated once per shape of call. */
  gas?: bigint;
  /** Called once the transaction is broadcast, before its receipt (write-batched.ts sends the next batch then). */
  onSent?: () => void;
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
    /** Bytes after the ABI-encoded call (Sessions.recordRound's packed message). */
    dataSuffix?: Hex;
  },
  options: WriteOptions = {},
): Promise<{ receipt: TransactionReceipt; hash: Hex }> {
  const label = `${String(request.functionName)}`;
  const failed = (cause: unknown) =>
    new ConcordError(isInsufficientFunds(cause) ? "INSUFFICIENT_FUNDS" : "CHAIN_CALL_FAILED", `${label} failed: ${describeRevert(cause)}`, { cause });
  // viem's simulate/write generics cannot follow this wrapper's generics; the signature above
  // is what checks the call, so the inner calls take the request as already checked.
  const simulate = publicClient.simulateContract as (args: unknown) => Promise<{ request: unknown }>;
  const call = request as ContractCall;
  if (!canSendInOrder(wallet)) {
    let hash: Hex;
    try {
      const { request: prepared } = await simulate({ ...request, account: wallet.account, blockTag: options.simulateAt });
      hash = await (wallet.writeContract as (args: unknown) => Promise<Hex>)(prepared);
      options.onSent?.();
    } catch (cause) {
      throw failed(cause);
    }
    // Past viem's 3 min default: an RPC outage is waited out by the transport, and the receipt with it.
    const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: RPC_OUTAGE_MAX_MS });
    if (receipt.status !== "success") throw new ConcordError("CHAIN_CALL_FAILED", `${label} reverted in block ${receipt.blockNumber} (tx ${hash})`);
    return { receipt, hash };
  }

  const send = async (gas: bigint | undefined) => {
    try {
      const sent = await sendInOrder(publicClient, wallet, call, { gas });
      options.onSent?.();
      return { ...sent, receipt: await receiptOf(publicClient, sent.hash, RPC_OUTAGE_MAX_MS) };
    } catch (cause) {
      throw cause instanceof ConcordError ? cause : failed(cause);
    }
  };
  try {
    if (options.simulateAt) await simulate({ ...request, account: wallet.account, blockTag: options.simulateAt });
  } catch (cause) {
    throw failed(cause);
  }
  let sent = await send(options.gas);
  // All its gas used: it ran out (a reverting call stops short of its limit). Once more with a fresh estimate.
  if (sent.receipt.status !== "success" && sent.receipt.gasUsed >= sent.gas) {
    const data = callData(call);
    let gas: bigint;
    try {
      gas = await raiseGasLimit(publicClient, { account: wallet.account.address, ...call }, data, sent.gas);
    } catch (cause) {
      throw failed(cause);
    }
    sent = await send(gas);
  }
  const { receipt, hash } = sent;
  if (receipt.status !== "success") {
    // The reason is not in the receipt: the call is run again on the state it met, in its block.
    try {
      await simulate({ ...request, account: wallet.account, blockNumber: receipt.blockNumber });
    } catch (cause) {
      throw failed(cause);
    }
    throw new ConcordError("CHAIN_CALL_FAILED", `${label} reverted in block ${receipt.blockNumber} (tx ${hash})`);
  }
  return { receipt, hash };
}

// One path for the SDK's writes: simulate in the block the node would mine next, so a revert is
// explained before anything is sent (and a time check sees the node's clock now, even on a devnet
// whose latest block is old), then send and wait for the receipt.
import {
  type Abi, type ContractFunctionArgs, type ContractFunctionName, type Hex, type TransactionReceipt,
} from "viem";
import { simulateContract, waitForTransactionReceipt, writeContract } from "viem/actions";
import { ConcordError } from "../protocol/index.ts";
import { chainCallError } from "./chain-call-error.ts";
import type { ChainWallet } from "./clients.ts";

export type SendContractReturnType = { txHash: Hex; receipt: TransactionReceipt };

export async function sendContract<const abi extends Abi, functionName extends ContractFunctionName<abi, "nonpayable" | "payable">>(
  wallet: ChainWallet,
  call: {
    address: `0x${string}`;
    abi: abi;
    functionName: functionName;
    args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
    value?: bigint;
  },
): Promise<SendContractReturnType> {
  const name = String(call.functionName);
  // viem's generics cannot follow this wrapper's; the signature above is what checks the call.
  const simulate = simulateContract as (client: ChainWallet, args: unknown) => Promise<{ request: unknown }>;
  const write = writeContract as (client: ChainWallet, args: unknown) => Promise<Hex>;
  let txHash: Hex;
  try {
    const { request } = await simulate(wallet, { ...call, account: wallet.account, blockTag: "pending" });
    txHash = await write(wallet, request);
  } catch (cause) {
    throw chainCallError(name, cause);
  }
  const receipt = await waitForTransactionReceipt(wallet, { hash: txHash });
  if (receipt.status !== "success") throw new ConcordError("CHAIN_CALL_FAILED", `${name} reverted in block ${receipt.blockNumber} (tx ${txHash})`);
  return { txHash, receipt };
}

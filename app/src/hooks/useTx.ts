// One contract transaction from the connected wallet: simulate (so a revert is caught, and its
// custom error decoded, before the wallet is asked), write, then wait for the receipt. Every
// transaction the dApp sends goes through here, so all of them report the same TxState.
import { useCallback, useState } from "react";
import type { Abi, Address, TransactionReceipt } from "viem";
import { useConfig } from "wagmi";
import { simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import { notices } from "../lib/notices.ts";
import { idleTx, txState, type TxInputs, type TxState } from "../lib/txState.ts";

export type TxRequest = {
  readonly address: Address;
  /** The contract's whole ABI, so any custom error it reverts with decodes. */
  readonly abi: Abi;
  readonly functionName: string;
  readonly args: readonly unknown[];
  readonly value?: bigint;
};

export type TxRunOptions = {
  /** The request was simulated already (its simulation is the caller's). */
  readonly simulated?: boolean;
  /**
   * What the page says once the transaction lands ("Refund of session 3 confirmed"): a notice in
   * the page frame that stays after the row that sent it is gone (lib/notices.ts).
   */
  readonly confirmation?: string;
};

export type UseTxResult = {
  readonly state: TxState;
  /** The steps behind `state` (the claim flow adds its own preconditions to them). */
  readonly inputs: TxInputs;
  /** Simulates, sends and awaits; resolves with the receipt, or undefined when any step failed. */
  readonly run: (request: TxRequest, options?: TxRunOptions) => Promise<TransactionReceipt | undefined>;
  readonly reset: () => void;
};

export function useTx(): UseTxResult {
  const config = useConfig();
  const [inputs, setInputs] = useState<TxInputs>(idleTx);
  const run = useCallback(
    async (request: TxRequest, options: TxRunOptions = {}) => {
      const { address, abi, functionName, args, value } = request;
      let prepared: unknown = { address, abi, functionName, args, value };
      if (options.simulated !== true) {
        setInputs({ ...idleTx, simulate: { status: "pending" } });
        try {
          // Loosely typed on purpose: one hook serves every contract and function. Against the
          // pending block, as the transaction would be mined: a rule that opens at a time (a
          // claimed failure's refund) is judged by the next block's clock, not by the last one's,
          // which on a quiet chain (the devnet mines only on a transaction) can be minutes old.
          prepared = (await simulateContract(config, { ...(prepared as object), blockTag: "pending" } as never)).request;
        } catch (error) {
          setInputs({ ...idleTx, simulate: { status: "error", error } });
          return undefined;
        }
      }
      const simulate = { status: "success" } as const;
      setInputs({ ...idleTx, simulate, write: { status: "pending" } });
      let hash;
      try {
        // The simulated request carries only the function's ABI item; the whole ABI decodes a
        // revert at send time (someone else's transaction got there first).
        hash = await writeContract(config, { ...(prepared as object), abi } as never);
      } catch (error) {
        setInputs({ ...idleTx, simulate, write: { status: "error", error } });
        return undefined;
      }
      const write = { status: "success", hash } as const;
      setInputs({ simulate, write, receipt: { status: "pending" } });
      try {
        const receipt = await waitForTransactionReceipt(config, { hash });
        setInputs({ simulate, write, receipt: { status: "success", receiptStatus: receipt.status } });
        if (options.confirmation !== undefined) {
          notices.push(receipt.status === "success"
            ? { text: options.confirmation, hash, tone: "success" }
            : { text: `${options.confirmation.replace(/ confirmed$/, "")} reverted`, hash, tone: "error" });
        }
        return receipt.status === "success" ? receipt : undefined;
      } catch (error) {
        setInputs({ simulate, write, receipt: { status: "error", error } });
        return undefined;
      }
    },
    [config],
  );
  const reset = useCallback(() => setInputs(idleTx), []);
  return { state: txState(inputs), inputs, run, reset };
}

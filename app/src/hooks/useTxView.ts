// One transaction for the dApp's own transaction view: the transaction, its receipt and block,
// and its call and events decoded with the deployment's ABIs (lib/tx-view.ts).
import { useMemo } from "react";
import { TransactionNotFoundError, TransactionReceiptNotFoundError, type Hex } from "viem";
import { useBlock, useTransaction, useTransactionReceipt } from "wagmi";
import { decodeCall, decodeEvents, knownContracts } from "../lib/tx-view.ts";
import { useDeployment } from "./useDeployment.ts";

const notFound = (error: unknown) => error instanceof TransactionNotFoundError || error instanceof TransactionReceiptNotFoundError;
const retry = (failures: number, error: unknown) => failures < 2 && !notFound(error);

export function useTxView(hash: Hex) {
  const deployment = useDeployment();
  // A pending transaction is read again until it is mined.
  const tx = useTransaction({ hash, query: { retry, refetchInterval: (query) => (query.state.data?.blockNumber === null ? 1_000 : false) } });
  const receipt = useTransactionReceipt({ hash, query: { retry, enabled: tx.data !== undefined && tx.data.blockNumber !== null } });
  const blockNumber = tx.data?.blockNumber ?? undefined;
  const block = useBlock({ blockNumber, query: { enabled: blockNumber !== undefined } });
  const contracts = useMemo(() => knownContracts(deployment), [deployment]);
  const call = useMemo(() => (tx.data ? decodeCall(contracts, tx.data.to, tx.data.input) : undefined), [contracts, tx.data]);
  const events = useMemo(() => (receipt.data ? decodeEvents(contracts, receipt.data.logs) : undefined), [contracts, receipt.data]);
  const contractName = (address: string | null | undefined) => (address ? contracts.find((c) => c.address.toLowerCase() === address.toLowerCase())?.name : undefined);
  return {
    tx: tx.data,
    receipt: receipt.data,
    timestampMs: block.data ? Number(block.data.timestamp) * 1000 : undefined,
    call,
    events,
    contractName,
    notFound: notFound(tx.error),
    isPending: tx.isPending,
    error: (tx.error && !notFound(tx.error) ? tx.error : null) ?? receipt.error,
  };
}

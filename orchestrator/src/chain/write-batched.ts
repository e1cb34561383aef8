// Group commit for the session path's writes to Sessions (rounds and settlements) from one local
// account: a call that becomes ready while the previous transaction is still being signed and
// broadcast waits for it, and everything that waited goes out together in one Sessions.multicall,
// where each call is checked on chain exactly as if it were sent alone. Under light load nothing
// waits and every call goes alone; under load up to MAX_BATCH calls of different sessions share
// one transaction, one nonce and one receipt. A batch that fails (one of its calls refused, say a
// round another owner recorded first) is sent again call by call, so each caller hears its own
// call's result or error exactly as writeContract gives it.
import type { Hex, PublicClient, TransactionReceipt } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { multicallSuffix } from "@concord/agent-sdk/protocol";
import { callData, canSendInOrder, type ContractCall } from "./send-in-order.ts";
import { writeContract, type Wallet } from "./write-contract.ts";

/** Most calls in one transaction. */
export const MAX_BATCH = 8;
/**
 * Gas the batch itself needs per call on top of the call's own limit (3 bytes of length, a
 * calldata copy and a delegatecall: a few hundred, measured by bench:gas), with headroom.
 */
const BATCH_GAS_PER_CALL = 5_000n;

export interface Written {
  receipt: TransactionReceipt;
  hash: Hex;
}

interface Queued {
  call: ContractCall;
  gas: bigint;
  resolve: (written: Written) => void;
  reject: (error: unknown) => void;
}

interface Batcher {
  queue: Queued[];
  draining: boolean;
}

/**
 * Calls to Sessions as one Sessions.multicall, each run as if sent alone, and the gas it needs: each
 * call's own limit plus what the batch costs per call.
 */
export function sessionsMulticall(calls: readonly { call: ContractCall; gas: bigint }[]): { call: ContractCall; gas: bigint } {
  return {
    call: {
      address: calls[0]!.call.address, abi: sessionsAbi, functionName: "multicall", args: [],
      dataSuffix: multicallSuffix(calls.map(({ call }) => callData(call))),
    },
    gas: calls.reduce((sum, { gas }) => sum + gas + BATCH_GAS_PER_CALL, 0n),
  };
}

/** Per public client, per account and contract. */
const batchers = new WeakMap<PublicClient, Map<string, Batcher>>();

/**
 * writeContract, batched with the calls that are ready at the same time. Only for calls that know
 * their gas limit and need no simulation first; others (and non-local accounts) go alone.
 */
export function writeBatched(
  publicClient: PublicClient, wallet: Wallet, call: ContractCall, options: { gas: bigint; simulateAt?: "pending" },
): Promise<Written> {
  if (options.simulateAt || !canSendInOrder(wallet)) return writeAlone(publicClient, wallet, call, options);
  const batcher = batcherFor(publicClient, wallet, call.address);
  const written = new Promise<Written>((resolve, reject) => batcher.queue.push({ call, gas: options.gas, resolve, reject }));
  if (!batcher.draining) void drain(publicClient, wallet, batcher);
  return written;
}

function writeAlone(publicClient: PublicClient, wallet: Wallet, call: ContractCall, options: { gas?: bigint; simulateAt?: "pending"; onSent?: () => void }) {
  return writeContract(publicClient, wallet, call as never, options);
}

function batcherFor(publicClient: PublicClient, wallet: Wallet, address: Hex): Batcher {
  let byKey = batchers.get(publicClient);
  if (!byKey) batchers.set(publicClient, (byKey = new Map()));
  const key = `${wallet.account.address.toLowerCase()}:${address.toLowerCase()}`;
  let batcher = byKey.get(key);
  if (!batcher) byKey.set(key, (batcher = { queue: [], draining: false }));
  return batcher;
}

async function drain(publicClient: PublicClient, wallet: Wallet, batcher: Batcher): Promise<void> {
  batcher.draining = true;
  try {
    while (batcher.queue.length > 0) await send(publicClient, wallet, batcher.queue.splice(0, MAX_BATCH));
  } finally {
    batcher.draining = false;
  }
}

/** Sends one batch; resolves once its transaction is broadcast (or failed before that). */
function send(publicClient: PublicClient, wallet: Wallet, batch: Queued[]): Promise<void> {
  let onSent!: () => void;
  const broadcast = new Promise<void>((resolve) => (onSent = resolve));
  let result: Promise<unknown>;
  if (batch.length === 1) {
    const [only] = batch as [Queued];
    result = writeAlone(publicClient, wallet, only.call, { gas: only.gas, onSent }).then(only.resolve, only.reject);
  } else {
    const { call: multicall, gas } = sessionsMulticall(batch);
    result = writeAlone(publicClient, wallet, multicall, { gas, onSent }).then(
      (written) => batch.forEach((q) => q.resolve(written)),
      // Each call again on its own: its caller hears its own result or error.
      () => batch.forEach((q) => void writeAlone(publicClient, wallet, q.call, { gas: q.gas }).then(q.resolve, q.reject)),
    );
  }
  return Promise.race([broadcast, result.then(() => undefined)]);
}

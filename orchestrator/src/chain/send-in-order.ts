// Transactions from one account, sent while others from it are in flight (an orchestrator running
// sessions side by side). Reading the pending nonce per send races: two sends take the same one.
// And a node that mines on arrival refuses a nonce ahead of the next, so broadcasts must reach it
// in nonce order. Here nonces are handed out locally in call order, each transaction is prepared
// (gas, fees) and signed in parallel with the others, and only the broadcasts go one by one.
import { encodeFunctionData, keccak256, type Abi, type Hex, type PublicClient } from "viem";
import type { Wallet } from "./wallet.ts";

interface Lane {
  /** The nonce of the last transaction given a slot. */
  last: Promise<number>;
  /** Settles when the last slot's broadcast is done (sent or failed). */
  tail: Promise<void>;
  /** Slots taken and not yet done. */
  inFlight: number;
}

/** Per chain and account, in this process. */
const lanes = new Map<string, Lane>();

export interface ContractCall {
  address: Hex;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
}

export async function sendInOrder(publicClient: PublicClient, wallet: Wallet, call: ContractCall): Promise<Hex> {
  const account = wallet.account;
  const key = `${wallet.chain.id}:${account.address.toLowerCase()}`;
  let lane = lanes.get(key);
  // An idle lane starts again from the chain's count: another process may have used the account.
  if (!lane || lane.inFlight === 0) {
    const pending = publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
    lane = { last: pending.then((n) => n - 1), tail: Promise.resolve(), inFlight: 0 };
    lanes.set(key, lane);
  }
  lane.inFlight++;
  // Both taken synchronously, so nonce order and broadcast order are the order of calls.
  const nonce = lane.last.then((n) => n + 1);
  lane.last = nonce;
  const previous = lane.tail;
  let release!: () => void;
  lane.tail = new Promise<void>((resolve) => (release = resolve));
  try {
    const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args });
    const prepare = wallet.prepareTransactionRequest as (args: unknown) => Promise<Record<string, unknown>>;
    const request = await prepare({ account, chain: wallet.chain, to: call.address, data, value: call.value, nonce: await nonce });
    const serializedTransaction = await account.signTransaction!(request as never);
    await previous;
    return await sendRaw(publicClient, wallet, serializedTransaction);
  } catch (error) {
    // This nonce went unused: the ones handed out after it cannot land; start again from the chain.
    if (lanes.get(key) === lane) lanes.delete(key);
    throw error;
  } finally {
    lane.inFlight--;
    release();
  }
}

/**
 * Broadcasts signed bytes once. The transport may send them again after a lost response
 * (patient-http.ts); the node then refuses the copy ("already known", "nonce too low") although
 * the first one reached it. The bytes fix the hash, so the node is asked for it before the
 * refusal is believed: the transaction is never signed again, so never sent twice.
 */
async function sendRaw(publicClient: PublicClient, wallet: Wallet, serializedTransaction: Hex): Promise<Hex> {
  try {
    return await wallet.sendRawTransaction({ serializedTransaction });
  } catch (error) {
    const hash = keccak256(serializedTransaction);
    const known = await publicClient.getTransaction({ hash }).then(() => true, () => false);
    if (known) return hash;
    throw error;
  }
}

/** Local accounts sign here; others (a node's own accounts) are left to the node's nonces. */
export function canSendInOrder(wallet: Wallet): boolean {
  return wallet.account.type === "local" && typeof wallet.account.signTransaction === "function";
}

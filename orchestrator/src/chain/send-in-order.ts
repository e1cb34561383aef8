// Transactions from one account, sent while others from it are in flight (an orchestrator running
// sessions side by side), prepared here without asking the node per transaction: the nonce is
// tracked in this process (read once, then counted up; read again only after a send failed, e.g.
// a node saying the nonce is wrong because another process used the account), fees come from one
// cached estimate (fee-cache.ts) and the gas limit from a table or a per-shape estimate
// (gas-limit.ts). Nonces are handed out in call order, each transaction is signed in parallel
// with the others, and only the broadcasts go one by one: a node that mines on arrival refuses a
// nonce ahead of the next.
import { BaseError, concat, encodeFunctionData, keccak256, type Abi, type Hex, type PublicClient } from "viem";
import { preparedFunction } from "./prepared-function.ts";
import { feesFor, forgetFees } from "./fee-cache.ts";
import { gasLimitFor } from "./gas-limit.ts";
import type { Wallet } from "./wallet.ts";

interface Lane {
  /** The nonce of the last transaction given a slot. */
  last: Promise<number>;
  /** Settles when the last slot's broadcast is done (sent or failed). */
  tail: Promise<void>;
}

/** Per node and account, in this process. */
const lanes = new Map<string, Lane>();

export interface ContractCall {
  address: Hex;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
  /** Bytes sent after the ABI-encoded call (Sessions.recordRound's packed message). */
  dataSuffix?: Hex;
}

/** The call's calldata: ABI-encoded, then its suffix. */
export function callData(call: ContractCall): Hex {
  const data = encodeFunctionData({ ...preparedFunction(call.abi, call.functionName), args: call.args } as Parameters<typeof encodeFunctionData>[0]);
  return call.dataSuffix ? concat([data, call.dataSuffix]) : data;
}


export interface SendOptions {
  /** The gas limit (a table's); without it, estimated once per shape of call. */
  gas?: bigint;
}

export interface Sent {
  hash: Hex;
  /** The gas limit it was sent with: a receipt that used all of it ran out of gas. */
  gas: bigint;
}

/**
 * How many times a send is tried again after a refusal that says this process's nonce or fees were
 * stale. Processes sharing the key (orchestrators on one queue) can collide more than once in a
 * burst; each collision means the chain moved on, so every attempt makes progress.
 */
const STALE_ATTEMPTS = 6;

export async function sendInOrder(publicClient: PublicClient, wallet: Wallet, call: ContractCall, options: SendOptions = {}): Promise<Sent> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendOnce(publicClient, wallet, call, options);
    } catch (error) {
      // The lane was dropped, so the next try reads the nonce again (and the fees, if they were refused).
      const stale = staleness(error);
      if (!stale || attempt >= STALE_ATTEMPTS) throw error;
      if (stale === "fees") forgetFees(publicClient);
      if (stale === "nonce") {
        // Another sender used the account: the chain moved on (say, an owner's successor recorded this
        // very round), so the call is checked against it before it is sent again; a revert is not paid for.
        await publicClient.simulateContract({
          address: call.address, abi: call.abi, functionName: call.functionName, args: call.args, value: call.value, dataSuffix: call.dataSuffix,
          account: wallet.account,
        } as Parameters<PublicClient["simulateContract"]>[0]);
        // Senders that collided read the same nonce again at once: spread them out, a little more each time.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }
}

async function sendOnce(publicClient: PublicClient, wallet: Wallet, call: ContractCall, options: SendOptions): Promise<Sent> {
  const account = wallet.account;
  const url = (wallet.transport as { url?: string }).url ?? "";
  const key = `${wallet.chain.id}:${url}:${account.address.toLowerCase()}`;
  let lane = lanes.get(key);
  if (!lane) {
    const pending = publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
    lane = { last: pending.then((n) => n - 1), tail: Promise.resolve() };
    lanes.set(key, lane);
  }
  // Both taken synchronously, so nonce order and broadcast order are the order of calls.
  const nonce = lane.last.then((n) => n + 1);
  lane.last = nonce;
  // A failed nonce read is this send's error, thrown where it is awaited: never an unhandled rejection.
  nonce.catch(() => {});
  const previous = lane.tail;
  let release!: () => void;
  lane.tail = new Promise<void>((resolve) => (release = resolve));
  try {
    const data = callData(call);
    const [gas, fees] = await Promise.all([
      gasLimitFor(publicClient, { account: account.address, ...call }, data, options.gas),
      feesFor(publicClient),
    ]);
    const serializedTransaction = await account.signTransaction!({
      type: "eip1559", chainId: wallet.chain.id, nonce: await nonce, to: call.address, data, value: call.value, gas, ...fees,
    });
    await previous;
    return { hash: await sendRaw(publicClient, wallet, serializedTransaction), gas };
  } catch (error) {
    // This nonce may have gone unused: the ones handed out after it cannot land; start again from the chain.
    if (lanes.get(key) === lane) lanes.delete(key);
    throw error;
  } finally {
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

/** What a refused send says was stale: the nonce this process counted, or the cached fees. */
function staleness(error: unknown): "nonce" | "fees" | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const said = (pattern: RegExp) => error.walk((e) => pattern.test([(e as BaseError).details, (e as Error).message].filter(Boolean).join(" "))) !== null;
  if (said(/nonce too (low|high)|invalid nonce|nonce has already been used/i)) return "nonce";
  if (said(/fee cap|less than (the )?block base fee|max fee per gas less than/i)) return "fees";
  return undefined;
}

/** Local accounts sign here; others (a node's own accounts) are left to the node's nonces. */
export function canSendInOrder(wallet: Wallet): boolean {
  return wallet.account.type === "local" && typeof wallet.account.signTransaction === "function";
}

// Receipts without spinning: a transaction's receipt is asked for once right after it was sent
// (a devnet that mines on arrival has it then); one not mined yet waits for a new block, which a
// single watcher per client looks for (eth_blockNumber every polling interval) on behalf of every
// transaction still pending, and only then is each receipt asked for again. A transaction joining
// the watch is also asked for at its next look: it may have been mined in the block seen last.
import { TransactionReceiptNotFoundError, WaitForTransactionReceiptTimeoutError, type Hex, type PublicClient, type TransactionReceipt } from "viem";

interface Pending {
  resolve(receipt: TransactionReceipt): void;
  reject(error: unknown): void;
  giveUpAt: number;
}

interface Watcher {
  pending: Map<Hex, Pending>;
  lastBlock?: bigint;
}

const watchers = new WeakMap<PublicClient, Watcher>();

export async function receiptOf(publicClient: PublicClient, hash: Hex, timeoutMs: number): Promise<TransactionReceipt> {
  const receipt = await fetchReceipt(publicClient, hash);
  if (receipt) return receipt;
  return new Promise<TransactionReceipt>((resolve, reject) => {
    let watcher = watchers.get(publicClient);
    const start = !watcher || watcher.pending.size === 0;
    if (!watcher) watchers.set(publicClient, (watcher = { pending: new Map() }));
    watcher.pending.set(hash, { resolve, reject, giveUpAt: Date.now() + timeoutMs });
    // It may have been mined in the block the watcher saw last: the next look asks for it anyway.
    watcher.lastBlock = undefined;
    if (start) void watch(publicClient, watcher);
  });
}

async function fetchReceipt(publicClient: PublicClient, hash: Hex): Promise<TransactionReceipt | undefined> {
  try {
    return await publicClient.getTransactionReceipt({ hash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return undefined;
    throw error;
  }
}

async function watch(publicClient: PublicClient, watcher: Watcher): Promise<void> {
  while (watcher.pending.size > 0) {
    await new Promise((resolve) => setTimeout(resolve, publicClient.pollingInterval));
    const now = Date.now();
    for (const [hash, p] of watcher.pending) {
      if (now < p.giveUpAt) continue;
      watcher.pending.delete(hash);
      p.reject(new WaitForTransactionReceiptTimeoutError({ hash }));
    }
    let block: bigint;
    try {
      block = await publicClient.getBlockNumber({ cacheTime: 0 });
    } catch {
      continue; // the transport has waited out what it could; look again next interval
    }
    if (watcher.lastBlock !== undefined && block <= watcher.lastBlock) continue;
    watcher.lastBlock = block;
    await Promise.all([...watcher.pending].map(async ([hash, p]) => {
      try {
        const receipt = await fetchReceipt(publicClient, hash);
        if (!receipt) return;
        watcher.pending.delete(hash);
        p.resolve(receipt);
      } catch (error) {
        watcher.pending.delete(hash);
        p.reject(error);
      }
    }));
  }
}

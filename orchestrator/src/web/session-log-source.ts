// The Sessions contract's logs for the dApp server to inline into index.html (see
// sdk/protocol/session-log-snapshot.ts). Kept incrementally, as the page keeps its own index: each
// read asks the node for the head and for the logs after the last block already held, so serving
// the page costs one small eth_getLogs however many sessions exist (a long history is read in
// ranges a public node accepts). The page never waits long on it: a slow or failing node, or a
// history too large to inline, gives no snapshot and the page scans the chain itself as it would
// without one. A head that goes back drops what is held; a
// reorg that keeps the height is not seen (a public chain would check the held blocks' hashes).
import { numberToHex, type PublicClient } from "viem";
import type { Deployment, RpcLogJson, SessionLogSnapshot } from "@concord/agent-sdk/protocol";

export type SessionLogSourceOptions = {
  /** How long serving the page may wait on the node (default 500 ms); the read goes on after. */
  readonly timeoutMs?: number;
  /** Largest snapshot inlined (default 1 MiB of JSON); past it the source stops reading. */
  readonly maxBytes?: number;
  /** Most blocks one eth_getLogs asks for (default 10 000): public nodes refuse wider ranges. */
  readonly maxBlockRange?: number;
};

export type SessionLogSource = {
  /** The logs from the deployment block to the node's head (or to the last head read in time), or undefined when none was. */
  read(): Promise<SessionLogSnapshot | undefined>;
};

type Held = { readonly fromBlock: bigint; readonly toBlock: bigint; readonly logs: RpcLogJson[]; readonly bytes: number };

export function createSessionLogSource(client: Pick<PublicClient, "request">, deployment: Deployment, options: SessionLogSourceOptions = {}): SessionLogSource {
  const timeoutMs = options.timeoutMs ?? 500;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxBlockRange = BigInt(options.maxBlockRange ?? 10_000);
  const address = deployment.contracts.Sessions;
  const firstBlock = BigInt(deployment.deployedAtBlock);
  let held: Held | undefined;
  let tooLarge = false;
  let reading: Promise<void> | undefined;

  async function extend(): Promise<void> {
    const head = BigInt(await client.request({ method: "eth_blockNumber" }));
    // A chain that went back (a devnet restarted, a reorg past our head) voids what is held.
    if (held !== undefined && head < held.toBlock) held = undefined;
    // Range by range, each one kept as it comes: a read cut short still leaves what it got.
    for (let from = held === undefined ? firstBlock : held.toBlock + 1n; from <= head; from += maxBlockRange) {
      const to = from + maxBlockRange - 1n < head ? from + maxBlockRange - 1n : head;
      const fresh = (await client.request({
        method: "eth_getLogs",
        params: [{ address, fromBlock: numberToHex(from), toBlock: numberToHex(to) }],
      })) as unknown;
      if (!Array.isArray(fresh)) throw new Error(`eth_getLogs answered ${typeof fresh}, not a list of logs`);
      const bytes = (held?.bytes ?? 0) + fresh.reduce((sum, log) => sum + JSON.stringify(log).length + 1, 0);
      if (bytes > maxBytes) {
        tooLarge = true;
        held = undefined;
        return;
      }
      held = { fromBlock: held?.fromBlock ?? firstBlock, toBlock: to, logs: [...(held?.logs ?? []), ...(fresh as RpcLogJson[])], bytes };
    }
  }

  return {
    async read() {
      if (tooLarge) return undefined;
      // Concurrent page loads share one read.
      reading ??= extend().finally(() => (reading = undefined));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        reading.catch(() => undefined),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
      // Logs held from an earlier read are still true up to their toBlock; the page goes on from there.
      if (held === undefined || tooLarge) return undefined;
      return { address, fromBlock: numberToHex(held.fromBlock), toBlock: numberToHex(held.toBlock), logs: held.logs };
    },
  };
}

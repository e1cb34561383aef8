// The Sessions contract's logs as the dApp server read them when it served the page, inlined into
// index.html so the sessions list renders from its first React render instead of waiting for the
// page's own eth_getLogs. Raw JSON-RPC logs (hex strings, exactly what eth_getLogs answers), so the
// page decodes them with the same ABI and code as its own scans. Validated by the page at its edge.
// zod/mini: parsed on the dApp's first render (see deployment.ts).
import * as z from "zod/mini";

const hex = z.string().check(z.regex(/^0x[0-9a-fA-F]*$/, "must be 0x-prefixed hex"));

/** One mined log as eth_getLogs returns it. */
export const rpcLogSchema = z.object({
  address: hex,
  topics: z.array(hex),
  data: hex,
  blockNumber: hex,
  blockHash: hex,
  transactionHash: hex,
  transactionIndex: hex,
  logIndex: hex,
  removed: z.optional(z.boolean()),
});

export const sessionLogSnapshotSchema = z.object({
  /** The Sessions contract the logs are from (the page ignores a snapshot of another). */
  address: hex,
  /** First and last block scanned (inclusive, hex): the page goes on from toBlock + 1. */
  fromBlock: hex,
  toBlock: hex,
  logs: z.array(rpcLogSchema),
});

export type RpcLogJson = z.infer<typeof rpcLogSchema>;
export type SessionLogSnapshot = z.infer<typeof sessionLogSnapshotSchema>;

/** The id of the inline `<script type="application/json">` element holding the snapshot. */
export const sessionLogSnapshotElementId = "concord-session-logs";

// The devnet's unlocked accounts (`eth_accounts`), which the mock connector can send from
// without a browser wallet. Only a local devnet answers with any.
import * as z from "zod/mini";
import { getAddress, isAddress, type Address } from "viem";
import { ConcordError } from "@concord/agent-sdk/protocol";
import type { FetchLike } from "./dapp-config.ts";

const accountsResponse = z.union([
  z.object({ result: z.array(z.string().check(z.refine(isAddress, "not an address"))) }),
  z.object({ error: z.object({ code: z.number(), message: z.string() }) }),
]);

export async function fetchDevAccounts(fetchFn: FetchLike, rpcUrl: string): Promise<Address[]> {
  let body: unknown;
  try {
    const response = await fetchFn(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_accounts", params: [] }),
    });
    body = await response.json();
  } catch (cause) {
    throw new ConcordError("CHAIN_CALL_FAILED", `eth_accounts via ${rpcUrl} failed`, { cause });
  }
  const parsed = accountsResponse.safeParse(body);
  if (!parsed.success) {
    throw new ConcordError("CHAIN_CALL_FAILED", `eth_accounts via ${rpcUrl} answered something unexpected`, { cause: parsed.error });
  }
  if ("error" in parsed.data) {
    throw new ConcordError("CHAIN_CALL_FAILED", `eth_accounts via ${rpcUrl}: ${parsed.data.error.message}`);
  }
  return parsed.data.result.map((a) => getAddress(a));
}

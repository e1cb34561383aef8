// A deployment on a chain other than the devnet, found by its chain id: `--chain-id N` names it,
// or the node at `--rpc URL` (or CONCORD_RPC_URL) says it. The record is deployments/<chainId>.json,
// written by `concord deploy`; with none for that chain the devnet's record serves as before.
import { createPublicClient, http } from "viem";
import { readChainRecord } from "@concord/deploy";
import { ConcordError, type Deployment } from "@concord/agent-sdk/protocol";
import { UsageError } from "../commands/command.ts";

export const RPC_URL_ENV = "CONCORD_RPC_URL";

export async function deploymentByChain(chainIdText: string | undefined, rpcUrl: string | undefined): Promise<Deployment | undefined> {
  if (chainIdText !== undefined) {
    if (!/^\d+$/.test(chainIdText)) throw new UsageError(`--chain-id must be a whole number, got ${JSON.stringify(chainIdText)}`);
    const deployment = await readChainRecord(Number(chainIdText));
    if (!deployment) throw new ConcordError("CONFIG_INVALID", `no deployment for chain ${chainIdText}: deploy there with \`concord deploy --rpc URL\``);
    return deployment;
  }
  if (rpcUrl === undefined) return undefined;
  let chainId: number;
  try {
    chainId = await createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }).getChainId();
  } catch (cause) {
    throw new ConcordError("CHAIN_UNREACHABLE", `cannot reach the JSON-RPC node at ${rpcUrl}`, { cause });
  }
  return readChainRecord(chainId);
}

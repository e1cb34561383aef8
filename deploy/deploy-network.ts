// Deploys Concord to any EVM network once: a chain whose record's addresses still hold the
// artifacts' code is left alone (no transaction); a record whose contracts are gone or differ is
// replaced by a fresh deployment, saying why.
import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";
import type { Deployment } from "@concord/agent-sdk/protocol";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { codeHashes, readArtifact, type ConcordContract } from "./artifact-code.ts";
import { chainRecordPath, readChainRecord, writeChainRecord } from "./chain-record.ts";
import { deployConcordMeasured, type DeployOptions } from "./deploy-concord.ts";

export type NetworkDeployResult =
  | { status: "unchanged"; deployment: Deployment; file: string }
  | { status: "deployed"; deployment: Deployment; file: string; gasUsed: Record<ConcordContract, bigint>; replaced?: string };

/** Why the recorded contracts cannot be reused, or undefined when they all match the artifacts. */
async function staleReason(publicClient: PublicClient, deployment: Deployment): Promise<string | undefined> {
  for (const contract of ["AgentRegistry", "Sessions"] as const) {
    const address = deployment.contracts[contract];
    const code = await publicClient.getCode({ address });
    if (!code || code === "0x") return `the recorded ${contract} at ${address} has no code on chain ${deployment.chainId}`;
    const { onChain, expected } = codeHashes(code, await readArtifact(contract));
    if (onChain !== expected) return `the recorded ${contract} at ${address} is not the compiled ${contract} (code hash ${onChain}, expected ${expected})`;
  }
  return undefined;
}

export interface NetworkDeployOptions extends Omit<DeployOptions, "devTokenHolders"> {
  wallet: WalletClient<Transport, Chain, Account>;
  /** Folder of the per-chain records (deployments/ by default). */
  dir?: string;
}

export async function deployToNetwork(options: NetworkDeployOptions): Promise<NetworkDeployResult> {
  const chainId = options.wallet.chain.id;
  const file = chainRecordPath(chainId, options.dir);
  const existing = await readChainRecord(chainId, file);
  const replaced = existing && (await staleReason(options.publicClient, existing));
  if (existing && !replaced) {
    // Left alone: a treasury or fee asked for that the deployed contract does not have is said, not ignored.
    const differs = await termsDiffer(options, existing);
    if (differs) throw new Error(`chain ${chainId} already has Concord (${file}) with ${differs}: the treasury and fee are fixed at deployment; remove ${file} to deploy anew`);
    return { status: "unchanged", deployment: existing, file };
  }
  const { deployment, gasUsed } = await deployConcordMeasured(options);
  await writeChainRecord(deployment, options.dir);
  return { status: "deployed", deployment, file, gasUsed, ...(replaced && { replaced }) };
}

/** What of the asked treasury and fee the deployed Sessions does not have, or undefined. */
async function termsDiffer(options: NetworkDeployOptions, deployment: Deployment): Promise<string | undefined> {
  const read = { address: deployment.contracts.Sessions, abi: sessionsAbi } as const;
  const differences: string[] = [];
  if (options.treasury !== undefined) {
    const treasury = await options.publicClient.readContract({ ...read, functionName: "TREASURY" });
    if (treasury.toLowerCase() !== options.treasury.toLowerCase()) differences.push(`treasury ${treasury}, not ${options.treasury}`);
  }
  if (options.feeBps !== undefined) {
    const fee = await options.publicClient.readContract({ ...read, functionName: "FEE_BPS" });
    if (fee !== BigInt(options.feeBps)) differences.push(`a fee of ${fee} bps, not ${options.feeBps}`);
  }
  return differences.length > 0 ? differences.join(" and ") : undefined;
}

// Deploys Concord to any EVM network once: a chain whose record's addresses still hold the
// artifacts' code is left alone (no transaction); a record whose contracts are gone or differ is
// replaced by a fresh deployment, saying why.
import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";
import type { Deployment } from "@concord/agent-sdk/protocol";
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
  if (existing && !replaced) return { status: "unchanged", deployment: existing, file };
  const { deployment, gasUsed } = await deployConcordMeasured(options);
  await writeChainRecord(deployment, options.dir);
  return { status: "deployed", deployment, file, gasUsed, ...(replaced && { replaced }) };
}


// Deploys AgentRegistry and Sessions with viem from the compiler's artifacts and returns the
// deployment record (the only source of addresses afterwards).
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { agentRegistryAbi, sessionsAbi } from "@concord/agent-sdk/abis";
import type { Deployment } from "@concord/agent-sdk/protocol";
import { deployDevToken } from "./deploy-dev-token.ts";

const artifactsDir = path.resolve(import.meta.dirname, "../artifacts/contracts");

async function bytecodeOf(contract: "AgentRegistry" | "Sessions"): Promise<Hex> {
  const artifact = JSON.parse(await readFile(path.join(artifactsDir, `${contract}.sol`, `${contract}.json`), "utf8"));
  return artifact.bytecode as Hex;
}

export interface DeployOptions {
  wallet: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient;
  rpcUrl: string;
  /** Receives protocol fees and what settlement leaves unearned; the deployer by default. */
  treasury?: Address;
  /** The protocol fee in basis points (≤ 1 000); 1% by default. */
  feeBps?: bigint;
  /** Devnet only: deploy a dev ERC-20, mint it to these accounts and list it in the record. */
  devTokenHolders?: readonly Address[];
  /** The orchestrator whose job workers serve this deployment's dApp (recorded for its submit form). */
  orchestrator?: Address;
}

export const DEFAULT_FEE_BPS = 100n;

export async function deployConcord({ wallet, publicClient, rpcUrl, treasury, feeBps, devTokenHolders, orchestrator }: DeployOptions): Promise<Deployment> {
  const registryTx = await wallet.deployContract({ abi: agentRegistryAbi, bytecode: await bytecodeOf("AgentRegistry") });
  const registry = await publicClient.waitForTransactionReceipt({ hash: registryTx });
  if (!registry.contractAddress) throw new Error("AgentRegistry deployment returned no address");
  const sessionsTx = await wallet.deployContract({
    abi: sessionsAbi,
    bytecode: await bytecodeOf("Sessions"),
    args: [registry.contractAddress, treasury ?? wallet.account.address, feeBps ?? DEFAULT_FEE_BPS],
  });
  const sessions = await publicClient.waitForTransactionReceipt({ hash: sessionsTx });
  if (!sessions.contractAddress) throw new Error("Sessions deployment returned no address");
  const tokens = devTokenHolders === undefined ? undefined : [await deployDevToken(wallet, publicClient, devTokenHolders)];
  return {
    chainId: wallet.chain.id,
    rpcUrl,
    deployedAtBlock: registry.blockNumber.toString(),
    contracts: { AgentRegistry: registry.contractAddress, Sessions: sessions.contractAddress },
    ...(orchestrator && { orchestrator }),
    ...(tokens && { tokens }),
  };
}

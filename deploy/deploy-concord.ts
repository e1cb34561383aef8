// Deploys AgentRegistry and Sessions with viem from the compiler's artifacts and returns the
// deployment record (the only source of addresses afterwards).
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import { agentRegistryAbi, sessionsAbi } from "@concord/agent-sdk/abis";
import type { Deployment } from "@concord/agent-sdk/protocol";
import { readArtifact, type ConcordContract } from "./artifact-code.ts";
import { deployDevToken } from "./deploy-dev-token.ts";

async function bytecodeOf(contract: ConcordContract) {
  return (await readArtifact(contract)).bytecode;
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

/** A deployment and the gas each contract's creation used: what deploying elsewhere costs. */
export interface MeasuredDeployment {
  deployment: Deployment;
  gasUsed: Record<ConcordContract, bigint>;
}

export async function deployConcord(options: DeployOptions): Promise<Deployment> {
  return (await deployConcordMeasured(options)).deployment;
}

export async function deployConcordMeasured({ wallet, publicClient, rpcUrl, treasury, feeBps, devTokenHolders, orchestrator }: DeployOptions): Promise<MeasuredDeployment> {
  // The treasury takes what absent agents leave unearned: the orchestrator the record names may
  // not be it (its `concord orchestrator` would refuse to start). Said before anything is sent.
  const treasuryAddress = treasury ?? wallet.account.address;
  if (orchestrator && orchestrator.toLowerCase() === treasuryAddress.toLowerCase()) {
    throw new Error(`the orchestrator ${orchestrator} would be the treasury${treasury ? "" : " (the deployer, by default)"}: name another treasury`);
  }
  const registryTx = await wallet.deployContract({ abi: agentRegistryAbi, bytecode: await bytecodeOf("AgentRegistry") });
  const registry = await publicClient.waitForTransactionReceipt({ hash: registryTx });
  if (!registry.contractAddress) throw new Error("AgentRegistry deployment returned no address");
  const sessionsTx = await wallet.deployContract({
    abi: sessionsAbi,
    bytecode: await bytecodeOf("Sessions"),
    args: [registry.contractAddress, treasuryAddress, feeBps ?? DEFAULT_FEE_BPS],
  });
  const sessions = await publicClient.waitForTransactionReceipt({ hash: sessionsTx });
  if (!sessions.contractAddress) throw new Error("Sessions deployment returned no address");
  const tokens = devTokenHolders === undefined ? undefined : [await deployDevToken(wallet, publicClient, devTokenHolders)];
  const deployment: Deployment = {
    chainId: wallet.chain.id,
    rpcUrl,
    deployedAtBlock: registry.blockNumber.toString(),
    contracts: { AgentRegistry: registry.contractAddress, Sessions: sessions.contractAddress },
    ...(orchestrator && { orchestrator }),
    ...(tokens && { tokens }),
  };
  return { deployment, gasUsed: { AgentRegistry: registry.gasUsed, Sessions: sessions.gasUsed } };
}

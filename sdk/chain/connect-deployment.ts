// viem clients for a deployment's chain, once its node is seen to answer with the deployment's
// chain id and contracts. A record outlives the stack that wrote it when that stack is killed:
// then this says so, instead of a fetch error from deep inside viem.
import { createPublicClient, createWalletClient, http, type Account, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import { ConcordError, type Deployment } from "../protocol/index.ts";
import { chainAt } from "../protocol/chain-at.ts";

export type ConnectDeploymentOptions = {
  /** Where the record was read, for messages. */
  recordFile?: string;
  /** How long the first request may take; default 5 s. */
  probeTimeoutMs?: number;
};

export type DeploymentClients = {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** A wallet client sending from `account` (a local account signs; a JSON-RPC one is the node's). */
  walletFor(account: Account): WalletClient<Transport, Chain, Account>;
};


export async function connectDeployment(deployment: Deployment, options: ConnectDeploymentOptions = {}): Promise<DeploymentClients> {
  const { rpcUrl, chainId } = deployment;
  const record = options.recordFile ? `the deployment record at ${options.recordFile}` : "the deployment record";
  const notRunning = (what: string, cause?: unknown) => new ConcordError(
    "DEPLOYMENT_NOT_RUNNING",
    `${what}, so the stack that wrote ${record} is not running. Start it again (npm start, concord devnet) and read the record it writes`,
    { cause },
  );
  const probe = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: options.probeTimeoutMs ?? 5_000 }) });
  let answered: number;
  try {
    answered = await probe.getChainId();
  } catch (cause) {
    throw notRunning(`nothing answers at ${rpcUrl} (chain ${chainId})`, cause);
  }
  if (answered !== chainId) throw notRunning(`the node at ${rpcUrl} is chain ${answered}, not the record's chain ${chainId}`);
  const code = await probe.getCode({ address: deployment.contracts.Sessions });
  if (code === undefined || code === "0x") throw notRunning(`the node at ${rpcUrl} has no Sessions contract at ${deployment.contracts.Sessions}`);

  const { chain, pollingInterval } = chainAt(chainId, rpcUrl);
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval });
  const walletFor = (account: Account) => createWalletClient({ account, chain, transport: http(rpcUrl), pollingInterval });
  return { chain, publicClient, walletFor };
}

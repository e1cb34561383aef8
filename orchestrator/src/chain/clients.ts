// viem clients for an RPC endpoint, with the chain id read from the node itself.
import { bytesToHex, createPublicClient, createWalletClient, defineChain, http, type Account, type Chain, type Hex, type PublicClient } from "viem";
import { mnemonicToAccount, type PrivateKeyAccount } from "viem/accounts";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import type { Wallet } from "./wallet.ts";
import { asFetch, nodeHttpFetch } from "./node-http-fetch.ts";
import { patientHttp, type PatientHttpOptions } from "./patient-http.ts";
import type { RpcCounter } from "./rpc-counter.ts";

export interface ChainClients {
  chain: Chain;
  publicClient: PublicClient;
  walletFor(account: Account): Wallet;
}

export interface ConnectChainOptions {
  /**
   * Wait out an unreachable or stalled node for this long per request (patient-http.ts): what a
   * long-running orchestrator wants (RPC_OUTAGE_MAX_MS). Without it a request fails after
   * viem's few quick retries, as a command a person waits on should.
   */
  outageMs?: number;
  requestTimeoutMs?: number;
  onRetry?: PatientHttpOptions["onRetry"];
  /** Counts every JSON-RPC call these clients make (the probe for the chain id is not counted). */
  counter?: RpcCounter;
}

export async function connectChain(rpcUrl: string, options: ConnectChainOptions = {}): Promise<ChainClients> {
  // The first contact fails fast either way: a wrong URL is a mistake to report, not an outage.
  const probe = createPublicClient({ transport: http(rpcUrl) });
  const id = await probe.getChainId();
  const chain = defineChain({
    id,
    name: id === 31337 ? "Concord devnet" : `chain ${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  // Local devnets mine instantly: poll receipts fast rather than at viem's 4 s default.
  const pollingInterval = id === 31337 ? 50 : 4_000;
  // One set of keep-alive sockets for every client of this endpoint (node-http-fetch.ts says why).
  const fetchFn = nodeHttpFetch();
  const transport = () => {
    const inner = options.outageMs === undefined ? http(rpcUrl, { fetchFn: asFetch(fetchFn) }) : patientHttp(rpcUrl, { ...options, outageMs: options.outageMs, fetchFn });
    return options.counter ? options.counter.wrap(inner) : inner;
  };
  const publicClient = createPublicClient({ chain, transport: transport(), pollingInterval }) as PublicClient;
  return {
    chain,
    publicClient,
    walletFor: (account) => createWalletClient({ account, chain, transport: transport(), pollingInterval }),
  };
}

/** Hardhat's well-known development mnemonic: its accounts are funded on every local devnet. */
export const DEVNET_MNEMONIC = "test test test test test test test test test test test junk";

export function devnetAccount(index: number) {
  return mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: index });
}

/** A devnet account's private key (public anyway). */
export function devnetPrivateKey(index: number): Hex {
  return bytesToHex(devnetAccount(index).getHdKey().privateKey!);
}

/** A devnet account that signs with the WASM library (fastAccount): the one that sends transactions. */
export function devnetFastAccount(index: number): PrivateKeyAccount {
  return fastAccount(devnetPrivateKey(index));
}

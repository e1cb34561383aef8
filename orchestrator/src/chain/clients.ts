// viem clients for an RPC endpoint, with the chain id read from the node itself.
import { bytesToHex, createPublicClient, createWalletClient, defineChain, http, type Account, type Chain, type Hex, type PublicClient } from "viem";
import { pbkdf2Sync } from "node:crypto";
import { HDKey, hdKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
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

/**
 * The mnemonic's account keys' parent (m/44'/60'/0'/0), derived once: the BIP-39 seed is
 * PBKDF2-HMAC-SHA512 of the mnemonic with salt "mnemonic", 2 048 iterations (node:crypto's native
 * one). Derived from the mnemonic for every account, as viem's mnemonicToAccount does, a stack's
 * ~15 accounts cost about 300 ms of CPU at its start; from the parent, about a third of that.
 */
let devnetParent: HDKey | undefined;

/** Account `index` of the devnet mnemonic (m/44'/60'/0'/0/index), as hardhat funds it. */
export function devnetAccount(index: number) {
  devnetParent ??= HDKey.fromMasterSeed(pbkdf2Sync(DEVNET_MNEMONIC.normalize("NFKD"), "mnemonic", 2048, 64, "sha512")).derive("m/44'/60'/0'/0");
  // A path from the parent: BIP-32 derives it from whichever key it is given (viem's type for the
  // path assumes the root, hence the cast).
  return hdKeyToAccount(devnetParent, { path: `m/${index}` as `m/44'/60'/${string}` });
}

/** A devnet account's private key (public anyway). */
export function devnetPrivateKey(index: number): Hex {
  return bytesToHex(devnetAccount(index).getHdKey().privateKey!);
}

/** A devnet account that signs with the WASM library (fastAccount): the one that sends transactions. */
export function devnetFastAccount(index: number): PrivateKeyAccount {
  return fastAccount(devnetPrivateKey(index));
}

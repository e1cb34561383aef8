// What the chain actions take: viem clients, so a script brings its own (or connectDeployment's).
import type { Account, Chain, Client, Transport } from "viem";

/** Sends transactions: a viem wallet client with its account and chain. It also reads. */
export type ChainWallet = Client<Transport, Chain, Account>;

/** Reads: any viem client (a public client, or a wallet client). */
export type ChainReader = Client<Transport, Chain | undefined>;

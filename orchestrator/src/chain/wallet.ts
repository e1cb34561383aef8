// The one wallet shape the chain bridge sends from: a viem wallet client with its account and chain.
import type { Account, Chain, Transport, WalletClient } from "viem";

export type Wallet = WalletClient<Transport, Chain, Account>;

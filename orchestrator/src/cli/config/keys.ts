// Private keys come from environment variables named on the command line or in a config file, so
// a key never shows in a process list or a config file. Errors name the variable, never the value.
import type { Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import { devnetPrivateKey } from "../../chain/clients.ts";
import { UsageError } from "../commands/command.ts";

const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;

export function keyFromEnv(variable: string, what: string): Hex {
  const value = process.env[variable];
  if (value === undefined || value === "") {
    throw new UsageError(`${what}: environment variable ${variable} is not set`, { showUsage: false });
  }
  if (!PRIVATE_KEY.test(value.trim())) {
    throw new UsageError(`${what}: ${variable} does not hold a 0x-prefixed 32-byte hex private key`, { showUsage: false });
  }
  return value.trim() as Hex;
}

export function accountFromEnv(variable: string, what: string): PrivateKeyAccount {
  // Signs (messages, typed data, transactions) with the WASM library, byte for byte as viem would.
  return fastAccount(keyFromEnv(variable, what));
}

/** One of the devnet's well-known accounts, as a local key (its private key is public anyway). */
export function devnetKey(index: number): Hex {
  return devnetPrivateKey(index);
}

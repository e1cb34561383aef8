// What every example starts with: the deployment from the running stack's record, clients for its
// chain, and the account to send from. Errors are printed as one sentence and exit 1.
import path from "node:path";
import type { Hex } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { connectDeployment, readDeploymentRecord } from "@concord/agent-sdk/chain";

/** Hardhat's public test mnemonic: a devnet funds its accounts, and account 9 is its submitter. */
const DEVNET_MNEMONIC = "test test test test test test test test test test test junk";
const DEVNET_SUBMITTER = 9;

export async function connect() {
  // `npm start` and `concord devnet` write this record while they run (CONCORD_RECORD names another).
  const recordFile = process.env.CONCORD_RECORD || path.resolve(import.meta.dirname, "../.concord/devnet/devnet.json");
  const deployment = await readDeploymentRecord(recordFile);
  const { publicClient, walletFor } = await connectDeployment(deployment, { recordFile });
  // Your own key in CONCORD_KEY; on a devnet its well-known submitter account otherwise.
  const key = process.env.CONCORD_KEY as Hex | undefined;
  if (!key && deployment.chainId !== 31337) throw new Error("set CONCORD_KEY to the 0x private key to send from");
  const account = key ? privateKeyToAccount(key) : mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: DEVNET_SUBMITTER });
  return { deployment, publicClient, wallet: walletFor(account) };
}

/** Runs an example's body; a failure prints its message (a ConcordError says what to do) and exits 1. */
export function runExample(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}

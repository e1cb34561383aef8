// Deploys the devnet's dev token (MockERC20 without a transfer fee) and mints it to the dev
// accounts, so ERC-20 bounties (approve, then createSession) work on a local devnet out of the box.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, parseUnits, type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from "viem";
import { mockERC20Abi } from "@concord/agent-sdk/abis";
import type { DeploymentToken } from "@concord/agent-sdk/protocol";

const artifactPath = path.resolve(import.meta.dirname, "../artifacts/contracts/mocks/MockERC20.sol/MockERC20.json");

/** What every dev account receives: plenty for many bounties. */
export const DEV_TOKEN_MINT = parseUnits("1000", 18);

export async function deployDevToken(
  wallet: WalletClient<Transport, Chain, Account>,
  publicClient: PublicClient,
  holders: readonly Address[],
): Promise<DeploymentToken> {
  const artifact = JSON.parse(await readFile(artifactPath, "utf8")) as { bytecode: Hex };
  const hash = await wallet.deployContract({ abi: mockERC20Abi, bytecode: artifact.bytecode, args: [0n] });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("MockERC20 deployment returned no address");
  const address = getAddress(receipt.contractAddress);
  // Sent back to back (the node orders them by nonce), then awaited together.
  const mints: Hex[] = [];
  for (const holder of holders) {
    mints.push(await wallet.writeContract({ address, abi: mockERC20Abi, functionName: "mint", args: [holder, DEV_TOKEN_MINT] }));
  }
  await Promise.all(mints.map((h) => publicClient.waitForTransactionReceipt({ hash: h })));
  const [symbol, decimals] = await Promise.all([
    publicClient.readContract({ address, abi: mockERC20Abi, functionName: "symbol" }),
    publicClient.readContract({ address, abi: mockERC20Abi, functionName: "decimals" }),
  ]);
  return { symbol, address, decimals };
}

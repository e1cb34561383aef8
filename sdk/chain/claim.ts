// Withdraws everything settlement and royalty distribution credited to the wallet's account in one
// currency (pull payments): ETH unless a token is named.
import { parseEventLogs, zeroAddress, type Address, type Hex } from "viem";
import { readContract } from "viem/actions";
import { sessionsAbi } from "../abis/index.ts";
import type { Deployment } from "../protocol/index.ts";
import type { ChainReader, ChainWallet } from "./clients.ts";
import { sendContract } from "./send-contract.ts";

export type ClaimReturnType = { txHash: Hex; amount: bigint };

/** What `account` could claim now in `token` (ETH by default). */
export function readClaimable(client: ChainReader, deployment: Deployment, account: Address, token: Address = zeroAddress): Promise<bigint> {
  return readContract(client, { address: deployment.contracts.Sessions, abi: sessionsAbi, functionName: "claimable", args: [token, account] });
}

export async function claim(wallet: ChainWallet, deployment: Deployment, token: Address = zeroAddress): Promise<ClaimReturnType> {
  const { txHash, receipt } = await sendContract(wallet, {
    address: deployment.contracts.Sessions, abi: sessionsAbi, functionName: "claim", args: [token],
  });
  const [claimed] = parseEventLogs({ abi: sessionsAbi, eventName: "PayoutClaimed", logs: receipt.logs, strict: true });
  return { txHash, amount: claimed!.args.amount };
}

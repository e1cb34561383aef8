// Settles a session by the DIP rule: before its deadline the orchestrator (or anyone once maxRounds
// are recorded), after it anyone. A session settled already is left as it is.
import type { Hex } from "viem";
import { sessionsAbi } from "../abis/index.ts";
import { parseSessionSettledLogs, type Deployment, type SessionSettledEvent } from "../protocol/index.ts";
import type { ChainWallet } from "./clients.ts";
import { sendContract } from "./send-contract.ts";

export type SettleReturnType = {
  txHash: Hex;
  /** What this call settled; undefined when the session was settled before (the call changed nothing). */
  settlement: SessionSettledEvent | undefined;
};

export async function settle(wallet: ChainWallet, deployment: Deployment, sessionId: bigint): Promise<SettleReturnType> {
  const { txHash, receipt } = await sendContract(wallet, {
    address: deployment.contracts.Sessions, abi: sessionsAbi, functionName: "settle", args: [sessionId],
  });
  return { txHash, settlement: parseSessionSettledLogs({ logs: receipt.logs, sessionId })[0] };
}

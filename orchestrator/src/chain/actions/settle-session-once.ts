// Settles unless the session is already settled, in which case the settlement is read back.
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getSessionSettledLogs, sessionStatusCode } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import type { Wallet } from "../write-contract.ts";
import { settleSession, settlement, type SettleSessionReturnType } from "./settle-session.ts";

export type SettleSessionOnceParameters = { wallet: Wallet; sessionId: bigint };

export type SettleSessionOnceReturnType = SettleSessionReturnType;

export async function settleSessionOnce(client: ChainContext, { wallet, sessionId }: SettleSessionOnceParameters): Promise<SettleSessionOnceReturnType> {
  const address = client.deployment.contracts.Sessions;
  // One read: the status says whether to settle, the round count where the final answer is.
  const { status, roundsRecorded } = await client.publicClient.readContract({ address, abi: sessionsAbi, functionName: "getSession", args: [sessionId] });
  if (status === sessionStatusCode("Settled")) {
    const [settled] = await getSessionSettledLogs(client.publicClient, { address, sessionId, fromBlock: BigInt(client.deployment.deployedAtBlock) });
    if (settled) return settlement(client, settled, roundsRecorded);
  }
  return settleSession(client, { wallet, sessionId, roundsRecorded });
}

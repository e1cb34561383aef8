// Settles unless the session is already settled, in which case the settlement is read back.
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getSessionSettledLogs, type RecordedRound, sessionStatusCode } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import type { Wallet } from "../write-contract.ts";
import { settleSession, settlement, type SettleSessionReturnType } from "./settle-session.ts";

export type SettleSessionOnceParameters = {
  wallet: Wallet;
  sessionId: bigint;
  /**
   * What the caller knows of the session (its round count, panel size, rounds as recorded): then
   * it settles at once and reads the chain only if that fails (a previous owner may have settled).
   */
  known?: { roundsRecorded: number; agentCount: number; rounds?: RecordedRound[] };
};

export type SettleSessionOnceReturnType = SettleSessionReturnType;

export async function settleSessionOnce(client: ChainContext, { wallet, sessionId, known }: SettleSessionOnceParameters): Promise<SettleSessionOnceReturnType> {
  if (known) {
    try {
      return await settleSession(client, { wallet, sessionId, ...known });
    } catch (error) {
      const onChain = await readSettlement(client, sessionId);
      if (onChain.settled) return onChain.settled;
      throw error;
    }
  }
  const onChain = await readSettlement(client, sessionId);
  return onChain.settled ?? settleSession(client, { wallet, sessionId, roundsRecorded: onChain.roundsRecorded });
}

/** The settlement as the chain has it (undefined if the session is not settled), and its round count. */
async function readSettlement(client: ChainContext, sessionId: bigint): Promise<{ settled?: SettleSessionReturnType; roundsRecorded: number }> {
  const address = client.deployment.contracts.Sessions;
  // One read: the status says whether it is settled, the round count where the final answer is.
  const { status, roundsRecorded } = await client.publicClient.readContract({ address, abi: sessionsAbi, functionName: "getSession", args: [sessionId] });
  if (status !== sessionStatusCode("Settled")) return { roundsRecorded };
  const [event] = await getSessionSettledLogs(client.publicClient, { address, sessionId, fromBlock: BigInt(client.deployment.deployedAtBlock) });
  return { settled: event && (await settlement(client, event, roundsRecorded)), roundsRecorded };
}

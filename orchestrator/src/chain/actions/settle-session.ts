// Settles a session: pays the agents by their levels, the fee and what is unearned to the treasury.
import type { Hex, TransactionReceipt } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { ConcordError, parseSessionSettledLogs, type RecordedRound, type SessionSettledEvent } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import { afterDisputeWindow } from "../dispute-window.ts";
import { settleGas } from "../gas-limit.ts";
import { writeBatched } from "../write-batched.ts";
import { writeContract, type Wallet } from "../write-contract.ts";
import { readRecordedRounds } from "./read-recorded-rounds.ts";

export type SettleSessionParameters = {
  wallet: Wallet;
  sessionId: bigint;
  /** The session's round count: the final answer is that round's winner. */
  roundsRecorded: number;
  /** The panel's size: the gas limit is set from it (gas-limit.ts) rather than estimated. */
  agentCount?: number;
  /**
   * The rounds as recorded, when the caller holds every one from its own receipts and none can
   * have been replaced since (all complete): then nothing is read back after settling.
   */
  rounds?: RecordedRound[];
};

export type SettleSessionReturnType = {
  winnerAgentId: bigint;
  /** The final answer's proposal hash (the last RoundRecorded event's winner). */
  winnerProposalHash: Hex | undefined;
  /** In agent order. */
  payouts: readonly bigint[];
  /** Both to the treasury: Σ payouts + fee + unearned = bounty. */
  fee: bigint;
  unearned: bigint;
  /** The rounds settled on, as the chain has them: their levels explain the payouts (payoutRule). */
  rounds: RecordedRound[];
  txHash: Hex;
};

export async function settleSession(client: ChainContext, { wallet, sessionId, roundsRecorded, agentCount, rounds }: SettleSessionParameters): Promise<SettleSessionReturnType> {
  // The last round, if recorded with absent agents, may still be open to dispute.
  const call = settleCall(client, sessionId);
  const { receipt } = await afterDisputeWindow(client, (afterWait) => {
    const simulateAt = afterWait ? "pending" as const : undefined;
    // With a known gas limit, batched with other sessions' writes ready at the same time (write-batched.ts).
    return agentCount === undefined
      ? writeContract(client.publicClient, wallet, call, { simulateAt })
      : writeBatched(client.publicClient, wallet, call, { gas: settleGas(agentCount), simulateAt });
  });
  return settlement(client, settledFrom(receipt, sessionId), roundsRecorded, rounds);
}

/** The settle call of a session. */
export function settleCall(client: ChainContext, sessionId: bigint) {
  return { address: client.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "settle", args: [sessionId] } as const;
}

/** The SessionSettled event a receipt holds for the session. */
export function settledFrom(receipt: TransactionReceipt, sessionId: bigint): SessionSettledEvent {
  const [settled] = parseSessionSettledLogs({ logs: receipt.logs, sessionId });
  if (!settled) throw new ConcordError("CHAIN_CALL_FAILED", `transaction ${receipt.transactionHash} has no SessionSettled for session ${sessionId}`);
  return settled;
}

/** The one shape of a settlement, whether just sent or read back. */
export async function settlement(client: ChainContext, settled: SessionSettledEvent, roundsRecorded: number, known?: RecordedRound[]): Promise<SettleSessionReturnType> {
  const { winnerAgentId, payouts, fee, unearned, txHash, sessionId } = settled;
  const rounds = known ?? await readRecordedRounds(client, { sessionId, agentCount: payouts.length });
  const last = rounds.at(-1);
  const winnerProposalHash = last && last.round === roundsRecorded ? last.winnerProposalHash : undefined;
  return { winnerAgentId, winnerProposalHash, payouts, fee, unearned, rounds, txHash };
}

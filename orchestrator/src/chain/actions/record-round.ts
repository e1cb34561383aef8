// Records a round: the present agents' attestations packed into one calldata blob, the absent
// agents closed out (only the session's orchestrator may), the session's round terms at its end.
import type { Address, Hex, TransactionReceipt } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { ConcordError, packRound, parseRoundRecordedLogs, recordedRound, recordRoundMessage, type RecordedRound, type RoundAttestation } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import { afterDisputeWindow } from "../dispute-window.ts";
import { recordRoundGas } from "../gas-limit.ts";
import { writeBatched } from "../write-batched.ts";
import type { Wallet } from "../write-contract.ts";
import type { ContractCall } from "../send-in-order.ts";

export type RecordRoundParameters = {
  /** The orchestrator (anyone may record a round every agent attested). */
  wallet: Wallet;
  sessionId: bigint;
  round: number;
  /** The present agents' attestations; each ballot has one vote per present proposal. */
  attestations: readonly RoundAttestation[];
  /** The snapshotted signers (Sessions.getSigners) of the absent agents, in agent order. */
  absentSigners?: readonly Address[];
  /** The session's round terms (readRoundTerms), read once per session. */
  roundTerms: bigint;
};

export type RecordRoundReturnType = {
  /** In agent order, 0 for an absent agent. */
  scores: bigint[];
  winnerIndex: number;
  /** Bitmap of the agents that attested, by agent index. */
  present: bigint;
  /** Each agent's level in the round, in [0, 2L] (0 when absent). */
  levels: number[];
  txHash: Hex;
  /** The transaction's gas: the settlement's too when it went with the record (`withSettlement`). */
  gasUsed: bigint;
  /** Set when the transaction settled the session too (record-and-settle.ts). */
  withSettlement?: true;
  /** The round as its RoundRecorded event has it: what settlement reads, without reading it back. */
  recorded: RecordedRound;
};

export async function recordRound(client: ChainContext, parameters: RecordRoundParameters): Promise<RecordRoundReturnType> {
  const { call, gas } = recordRoundCall(client, parameters);
  // The previous round, if recorded with absent agents, may still be open to dispute.
  // Batched with other sessions' writes that are ready at the same time (write-batched.ts).
  const { receipt } = await afterDisputeWindow(client, (afterWait) =>
    writeBatched(client.publicClient, parameters.wallet, call, { gas, simulateAt: afterWait ? "pending" : undefined }));
  return recordedFrom(receipt, parameters);
}

/** The recordRound call for a round (its packed message as the calldata's suffix) and its gas limit. */
export function recordRoundCall(client: ChainContext, parameters: RecordRoundParameters): { call: ContractCall; gas: bigint } {
  const { sessionId, round, attestations, roundTerms } = parameters;
  const absentSigners = parameters.absentSigners ?? [];
  const packed = packRound(attestations, absentSigners, roundTerms);
  return {
    call: { address: client.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "recordRound", args: [], dataSuffix: recordRoundMessage(sessionId, round, packed) },
    gas: recordRoundGas(attestations.length, absentSigners.length),
  };
}

/** What a receipt holding the round's RoundRecorded event says of it. */
export function recordedFrom(receipt: TransactionReceipt, { sessionId, round, attestations, absentSigners }: RecordRoundParameters): RecordRoundReturnType {
  const [event] = parseRoundRecordedLogs({ logs: receipt.logs, sessionId, round });
  if (!event) throw new ConcordError("CHAIN_CALL_FAILED", `transaction ${receipt.transactionHash} has no RoundRecorded for session ${sessionId} round ${round}`);
  const recorded = recordedRound(event, attestations.length + (absentSigners?.length ?? 0));
  const { scores, winnerIndex, present, levels, txHash } = recorded;
  return { scores, winnerIndex, present, levels, txHash, gasUsed: receipt.gasUsed, recorded };
}

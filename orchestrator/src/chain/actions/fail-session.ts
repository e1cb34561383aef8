// Declares a session that cannot run failed (Sessions.failSession), with the agents' signed
// declines: enough of them refund the submitter at once; fewer only claim the failure, and the
// submitter may then refund before the deadline.
import type { Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { type Decline, failureReason, packDeclines, parseSessionFailedLogs } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import { writeContract, type Wallet } from "../write-contract.ts";

export type FailSessionParameters = {
  wallet: Wallet;
  sessionId: bigint;
  /** Why; cut to what the contract takes (MAX_FAILURE_REASON_BYTES). */
  reason: string;
  /** Each checked against the agent's snapshotted signer first: one bad decline reverts the call. */
  declines: readonly Decline[];
};

export type FailSessionReturnType = {
  /** True: the bounty went back to the submitter in this call; false: the failure is claimed. */
  refunded: boolean;
  /** Bit i set for agent i's decline. */
  declined: bigint;
  txHash: Hex;
};

export async function failSession(client: ChainContext, { wallet, sessionId, reason, declines }: FailSessionParameters): Promise<FailSessionReturnType> {
  const { receipt, hash } = await writeContract(client.publicClient, wallet, {
    address: client.deployment.contracts.Sessions,
    abi: sessionsAbi,
    functionName: "failSession",
    args: [sessionId, failureReason(reason), packDeclines(declines)],
  });
  const [failed] = parseSessionFailedLogs({ logs: receipt.logs, sessionId });
  return { refunded: failed!.refunded, declined: failed!.declined, txHash: hash };
}

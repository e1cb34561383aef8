// Returns an unsettled session's bounty to its submitter: after the deadline, or at once when its
// orchestrator claimed it failed. Only the submitter may; a session that recorded its minimum
// rounds is settled instead. Each refusal comes back as a ConcordError saying which and when.
import { parseEventLogs, type Address, type Hex } from "viem";
import { sessionsAbi } from "../abis/index.ts";
import type { Deployment } from "../protocol/index.ts";
import type { ChainWallet } from "./clients.ts";
import { sendContract } from "./send-contract.ts";

export type RefundReturnType = { txHash: Hex; amount: bigint; token: Address };

export async function refund(wallet: ChainWallet, deployment: Deployment, sessionId: bigint): Promise<RefundReturnType> {
  const { txHash, receipt } = await sendContract(wallet, {
    address: deployment.contracts.Sessions, abi: sessionsAbi, functionName: "refund", args: [sessionId],
  });
  const [refunded] = parseEventLogs({ abi: sessionsAbi, eventName: "SessionRefunded", logs: receipt.logs, args: { sessionId }, strict: true });
  return { txHash, amount: refunded!.args.amount, token: refunded!.args.token };
}

// A session as the chain has it: its terms and status (getSession), its agents, the task from its
// creation event, each recorded round, and, once settled, the payouts and which were distributed.
import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";
import { sessionsAbi } from "../abis/index.ts";
import {
  getRoundRecordedLogs, getSessionSettledLogs, recordedRound, sessionStatuses, taskFromDataUri, type Deployment, type RecordedRound,
  type SessionStatus,
} from "../protocol/index.ts";
import { chainCallError } from "./chain-call-error.ts";
import type { ChainReader } from "./clients.ts";
import { readTaskUri } from "./read-task-uri.ts";

export type ReadSessionReturnType = {
  id: bigint;
  submitter: Address;
  orchestrator: Address;
  /** address(0) for ETH. */
  token: Address;
  bounty: bigint;
  taskHash: Hex;
  taskURI: string;
  /** The task's text when its URI carries it (a data: URI). */
  task: string | undefined;
  /** The task family whose histories weigh its agents (taskFamilyId of its name); zero when it names none. */
  taskFamily: Hex;
  /** Unix seconds. */
  deadline: bigint;
  minRounds: number;
  maxRounds: number;
  voteCredits: number;
  status: SessionStatus;
  agentIds: bigint[];
  /** The last recorded round's winner (0 before any round): the session's final answer once settled. */
  winnerAgentId: bigint;
  /**
   * Whether the orchestrator declared it failed and no round came since: its submitter may refund
   * once the claim's grace passed (`refundAfter`).
   */
  failureClaimed: boolean;
  /** Unix seconds after which its submitter may refund it: the deadline, or sooner a standing claim's grace. */
  refundAfter: bigint;
  /** In round order, scores and levels in agent order. */
  rounds: RecordedRound[];
  /** Once settled: each agent's payout, and whether it was distributed to its royalty recipients. */
  settlement: { payouts: bigint[]; fee: bigint; unearned: bigint; distributed: boolean[]; txHash: Hex } | undefined;
};

export async function readSession(client: ChainReader, deployment: Deployment, sessionId: bigint): Promise<ReadSessionReturnType> {
  const read = { address: deployment.contracts.Sessions, abi: sessionsAbi } as const;
  const fromBlock = BigInt(deployment.deployedAtBlock);
  let view;
  try {
    view = await readContract(client, { ...read, functionName: "getSession", args: [sessionId] });
  } catch (cause) {
    throw chainCallError("getSession", cause);
  }
  const [agentIds, failureClaimed, refundAfter, taskFamily, taskURI, events, settled] = await Promise.all([
    readContract(client, { ...read, functionName: "getAgentIds", args: [sessionId] }),
    readContract(client, { ...read, functionName: "failureClaimed", args: [sessionId] }),
    readContract(client, { ...read, functionName: "refundAfter", args: [sessionId] }),
    readContract(client, { ...read, functionName: "taskFamily", args: [sessionId] }),
    readTaskUri(client, deployment, sessionId),
    getRoundRecordedLogs(client, { address: read.address, sessionId, fromBlock }),
    getSessionSettledLogs(client, { address: read.address, sessionId, fromBlock }),
  ]);
  const distributed = settled[0]
    ? await Promise.all(agentIds.map((_, i) => readContract(client, { ...read, functionName: "royaltyDistributed", args: [sessionId, BigInt(i)] })))
    : [];
  return {
    id: sessionId, submitter: view.submitter, orchestrator: view.orchestrator, token: view.token, bounty: view.bounty,
    taskHash: view.taskHash, taskURI, task: taskFromDataUri(taskURI), taskFamily, deadline: view.deadline, minRounds: view.minRounds,
    maxRounds: view.maxRounds, voteCredits: view.voteCredits, status: sessionStatuses[view.status] ?? "None", agentIds: [...agentIds],
    winnerAgentId: view.winnerAgentId, failureClaimed, refundAfter, rounds: events.map((e) => recordedRound(e, agentIds.length)),
    settlement: settled[0] && {
      payouts: [...settled[0].payouts], fee: settled[0].fee, unearned: settled[0].unearned, distributed, txHash: settled[0].txHash,
    },
  };
}

// Creates a session with its bounty escrowed (in ETH unless a token is named).
import { zeroAddress, type Address, type Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { DEFAULT_ABSENCE_GRACE, DEFAULT_SESSION_SECONDS, MAX_VOTE_CREDITS, parseSessionCreatedLogs, taskFamilyId } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import { writeContract, type Wallet } from "../write-contract.ts";

export type CreateSessionParameters = {
  /** The submitter, who pays the bounty. */
  wallet: Wallet;
  taskHash: Hex;
  /** The panel, in the order its ballots and signatures will be given. */
  agentIds: readonly bigint[];
  /** Who may record rounds with absent agents and settle. */
  orchestrator: Address;
  maxRounds: number;
  bounty: bigint;
  /**
   * Defaults: ETH, no task URI, minRounds 1, 10 000 vote credits, deadline in one hour, an absence
   * grace of DEFAULT_ABSENCE_GRACE seconds, no task family.
   */
  token?: Address;
  taskURI?: string;
  minRounds?: number;
  voteCredits?: number;
  deadline?: bigint;
  absenceGrace?: number;
  /** The task family's name (taskFamilyId); none by default. */
  taskFamily?: string;
};

export type CreateSessionReturnType = { sessionId: bigint; txHash: Hex };

/** The createSession call as sent (also what a preflight estimates before sending it). */
export async function createSessionRequest(client: ChainContext, parameters: Omit<CreateSessionParameters, "wallet">) {
  const { bounty } = parameters;
  const token = parameters.token ?? zeroAddress;
  const deadline = parameters.deadline ?? (await client.publicClient.getBlock()).timestamp + DEFAULT_SESSION_SECONDS;
  return {
    address: client.deployment.contracts.Sessions,
    abi: sessionsAbi,
    functionName: "createSession",
    args: [{
      token, bounty, taskHash: parameters.taskHash, taskURI: parameters.taskURI ?? "",
      agentIds: [...parameters.agentIds], orchestrator: parameters.orchestrator, minRounds: parameters.minRounds ?? 1,
      maxRounds: parameters.maxRounds, voteCredits: parameters.voteCredits ?? MAX_VOTE_CREDITS, deadline,
      absenceGrace: parameters.absenceGrace ?? DEFAULT_ABSENCE_GRACE, taskFamily: taskFamilyId(parameters.taskFamily),
    }],
    value: token === zeroAddress ? bounty : 0n,
  } as const;
}

export type CreateSessionRequest = Awaited<ReturnType<typeof createSessionRequest>>;

export async function createSession(client: ChainContext, parameters: CreateSessionParameters): Promise<CreateSessionReturnType> {
  const { receipt, hash } = await writeContract(client.publicClient, parameters.wallet, await createSessionRequest(client, parameters));
  const [created] = parseSessionCreatedLogs({ logs: receipt.logs });
  return { sessionId: created!.sessionId, txHash: hash };
}

// Opens a session with its bounty escrowed: in ETH, or in an ERC-20 after approving Sessions for
// the bounty when its allowance is short. The task text is committed as its hash and, when short
// enough, carried on chain as a data: URI (protocol/task-uri.ts).
import { erc20Abi, zeroAddress, type Address, type Hex } from "viem";
import { getBlock, readContract } from "viem/actions";
import { sessionsAbi } from "../abis/index.ts";
import {
  DEFAULT_ABSENCE_GRACE, DEFAULT_MAX_ROUNDS, DEFAULT_SESSION_SECONDS, MAX_VOTE_CREDITS, parseSessionCreatedLogs, taskDataUri, taskFamilyId, taskHash, type Deployment,
} from "../protocol/index.ts";
import type { ChainWallet } from "./clients.ts";
import { sendContract } from "./send-contract.ts";

export type CreateSessionParameters = {
  /** The task's text: its keccak256 is the session's taskHash. */
  task: string;
  /** The panel, in the order every per-agent value of the session uses. */
  agentIds: readonly bigint[];
  /** In wei, or the token's smallest unit. */
  bounty: bigint;
  /** Who records rounds with absent agents and may settle early; another account than the submitter. */
  orchestrator: Address;
  /** An ERC-20 to pay the bounty in; ETH when absent. */
  token?: Address;
  /** Default 1. */
  minRounds?: number;
  /** Default DEFAULT_MAX_ROUNDS (at most MAX_ROUNDS). */
  maxRounds?: number;
  /** Each evaluator's Σ v² per round; default MAX_VOTE_CREDITS. */
  voteCredits?: number;
  /** Seconds from the chain's clock now to the deadline; default DEFAULT_SESSION_SECONDS (an hour). */
  deadlineSeconds?: bigint;
  /** Default DEFAULT_ABSENCE_GRACE. */
  absenceGrace?: number;
  /** The task family whose histories weigh the agents and record the session (taskFamilyId); none by default. */
  taskFamily?: string;
};

export type CreateSessionReturnType = {
  sessionId: bigint;
  txHash: Hex;
  /** The approve transaction sent first, for an ERC-20 bounty whose allowance was short. */
  approveTxHash?: Hex;
  deadline: bigint;
  taskHash: Hex;
  taskURI: string;
};

export async function createSession(wallet: ChainWallet, deployment: Deployment, parameters: CreateSessionParameters): Promise<CreateSessionReturnType> {
  const token = parameters.token ?? zeroAddress;
  const sessions = deployment.contracts.Sessions;
  let approveTxHash: Hex | undefined;
  if (token !== zeroAddress) {
    const allowance = await readContract(wallet, { address: token, abi: erc20Abi, functionName: "allowance", args: [wallet.account.address, sessions] });
    if (allowance < parameters.bounty) {
      approveTxHash = (await sendContract(wallet, { address: token, abi: erc20Abi, functionName: "approve", args: [sessions, parameters.bounty] })).txHash;
    }
  }
  // The pending block's time is the node's clock now (a devnet's latest block may be old).
  const now = (await getBlock(wallet, { blockTag: "pending" })).timestamp;
  const deadline = now + (parameters.deadlineSeconds ?? DEFAULT_SESSION_SECONDS);
  const params = {
    token, bounty: parameters.bounty, taskHash: taskHash(parameters.task), taskURI: taskDataUri(parameters.task),
    agentIds: [...parameters.agentIds], orchestrator: parameters.orchestrator, minRounds: parameters.minRounds ?? 1,
    maxRounds: parameters.maxRounds ?? DEFAULT_MAX_ROUNDS, voteCredits: parameters.voteCredits ?? MAX_VOTE_CREDITS, deadline,
    absenceGrace: parameters.absenceGrace ?? DEFAULT_ABSENCE_GRACE, taskFamily: taskFamilyId(parameters.taskFamily),
  };
  const { txHash, receipt } = await sendContract(wallet, {
    address: sessions, abi: sessionsAbi, functionName: "createSession", args: [params], value: token === zeroAddress ? parameters.bounty : 0n,
  });
  const [created] = parseSessionCreatedLogs({ logs: receipt.logs });
  return { sessionId: created!.sessionId, txHash, approveTxHash, deadline, taskHash: params.taskHash, taskURI: params.taskURI };
}

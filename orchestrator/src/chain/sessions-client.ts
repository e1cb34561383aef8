// The orchestrator's view of the contracts: create, record rounds, settle, register agents.
import { parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import { agentRegistryAbi, sessionsAbi } from "../../../sdk/protocol/abis.generated.ts";
import type { Deployment } from "../../../sdk/protocol/deployment.ts";
import { sessionStatusCode } from "../../../sdk/protocol/enums.ts";
import { writeContract, type Wallet } from "./write-contract.ts";

export interface ChainContext {
  publicClient: PublicClient;
  deployment: Deployment;
}

export async function registerAgent(ctx: ChainContext, operator: Wallet, signer: Address, modelId: string): Promise<bigint> {
  const { receipt } = await writeContract(ctx.publicClient, operator, {
    address: ctx.deployment.contracts.AgentRegistry,
    abi: agentRegistryAbi,
    functionName: "registerAgent",
    args: [signer, modelId],
  });
  const [event] = parseEventLogs({ abi: agentRegistryAbi, eventName: "AgentRegistered", logs: receipt.logs });
  return event!.args.agentId;
}

export interface NewSession {
  taskHash: Hex;
  agentIds: readonly bigint[];
  orchestrator: Address;
  maxRounds: number;
  bounty: bigint;
}

export async function createSession(ctx: ChainContext, submitter: Wallet, session: NewSession): Promise<{ sessionId: bigint; txHash: Hex }> {
  const { receipt, hash } = await writeContract(ctx.publicClient, submitter, {
    address: ctx.deployment.contracts.Sessions,
    abi: sessionsAbi,
    functionName: "createSession",
    args: [session.taskHash, [...session.agentIds], session.orchestrator, session.maxRounds],
    value: session.bounty,
  });
  const [event] = parseEventLogs({ abi: sessionsAbi, eventName: "SessionCreated", logs: receipt.logs });
  return { sessionId: event!.args.sessionId, txHash: hash };
}

export interface RoundRecord {
  sessionId: bigint;
  round: number;
  /** In the session's agent order, as are ballots and signatures. */
  proposalHashes: readonly Hex[];
  ballots: readonly Hex[];
  signatures: readonly Hex[];
}

export async function recordRound(ctx: ChainContext, orchestrator: Wallet, record: RoundRecord) {
  const { receipt, hash } = await writeContract(ctx.publicClient, orchestrator, {
    address: ctx.deployment.contracts.Sessions,
    abi: sessionsAbi,
    functionName: "recordRound",
    args: [record.sessionId, record.round, [...record.proposalHashes], [...record.ballots], [...record.signatures]],
  });
  const [event] = parseEventLogs({ abi: sessionsAbi, eventName: "RoundRecorded", logs: receipt.logs });
  return { scores: event!.args.scores, winnerIndex: Number(event!.args.winnerIndex), txHash: hash, gasUsed: receipt.gasUsed };
}

export async function settleSession(ctx: ChainContext, orchestrator: Wallet, sessionId: bigint) {
  const { receipt, hash } = await writeContract(ctx.publicClient, orchestrator, {
    address: ctx.deployment.contracts.Sessions,
    abi: sessionsAbi,
    functionName: "settle",
    args: [sessionId],
  });
  const [event] = parseEventLogs({ abi: sessionsAbi, eventName: "SessionSettled", logs: receipt.logs });
  return {
    winnerAgentId: event!.args.winnerAgentId,
    winnerProposalHash: event!.args.winnerProposalHash,
    payouts: event!.args.payouts,
    txHash: hash,
  };
}

export async function readSession(ctx: ChainContext, sessionId: bigint) {
  const address = ctx.deployment.contracts.Sessions;
  const [session, agentIds, signers] = await Promise.all([
    ctx.publicClient.readContract({ address, abi: sessionsAbi, functionName: "getSession", args: [sessionId] }),
    ctx.publicClient.readContract({ address, abi: sessionsAbi, functionName: "getAgentIds", args: [sessionId] }),
    ctx.publicClient.readContract({ address, abi: sessionsAbi, functionName: "getSigners", args: [sessionId] }),
  ]);
  return { ...session, agentIds: [...agentIds], signers: [...signers] };
}

/** The RoundRecorded event of one round, when the round is already on chain. */
async function recordedRound(ctx: ChainContext, sessionId: bigint, round: number) {
  const [event] = await ctx.publicClient.getContractEvents({
    address: ctx.deployment.contracts.Sessions, abi: sessionsAbi, eventName: "RoundRecorded",
    args: { sessionId, round }, fromBlock: BigInt(ctx.deployment.deployedAtBlock), strict: true,
  });
  if (!event) return undefined;
  const receipt = await ctx.publicClient.getTransactionReceipt({ hash: event.transactionHash });
  return { scores: event.args.scores, winnerIndex: Number(event.args.winnerIndex), txHash: event.transactionHash, gasUsed: receipt.gasUsed };
}

/**
 * Records a round unless the chain already has it: an orchestrator that resumes a session after
 * a crash between sending the transaction and saving its state must not record twice.
 */
export async function recordRoundOnce(ctx: ChainContext, orchestrator: Wallet, record: RoundRecord) {
  const session = await readSession(ctx, record.sessionId);
  if (session.roundsRecorded >= record.round) {
    const existing = await recordedRound(ctx, record.sessionId, record.round);
    if (existing) return existing;
  }
  return recordRound(ctx, orchestrator, record);
}

/** Settles unless the session is already settled, in which case the settlement is read back. */
export async function settleSessionOnce(ctx: ChainContext, orchestrator: Wallet, sessionId: bigint) {
  const session = await readSession(ctx, sessionId);
  if (session.status === sessionStatusCode("Settled")) {
    const [event] = await ctx.publicClient.getContractEvents({
      address: ctx.deployment.contracts.Sessions, abi: sessionsAbi, eventName: "SessionSettled",
      args: { sessionId }, fromBlock: BigInt(ctx.deployment.deployedAtBlock), strict: true,
    });
    if (event) {
      return {
        winnerAgentId: event.args.winnerAgentId, winnerProposalHash: event.args.winnerProposalHash,
        payouts: event.args.payouts, txHash: event.transactionHash,
      };
    }
  }
  return settleSession(ctx, orchestrator, sessionId);
}

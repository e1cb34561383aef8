// The orchestrator's view of the contracts: create, record rounds, settle, register agents,
// distribute royalties.
import { parseEventLogs, zeroAddress, type Address, type Hex, type PublicClient } from "viem";
import { agentRegistryAbi, sessionsAbi } from "@concord/agent-sdk/abis";
import {
  type Deployment, MAX_VOTE_CREDITS, packRound, type RoundAttestation, sessionStatusCode, SPLIT_TOTAL_BPS, unpackRoundOutcome,
  unpackRoundScores,
} from "@concord/agent-sdk/protocol";
import { writeContract, type Wallet } from "./write-contract.ts";

export interface ChainContext {
  publicClient: PublicClient;
  deployment: Deployment;
}

/** A royalty split: recipients ascending, basis points summing to 10 000. */
export interface RoyaltySplit {
  recipients: readonly Address[];
  bps: readonly number[];
}

/** Registers an agent; by default its operator is its only royalty recipient. */
export async function registerAgent(
  ctx: ChainContext,
  operator: Wallet,
  signer: Address,
  modelId: string,
  options: { metadataURI?: string; split?: RoyaltySplit } = {},
): Promise<bigint> {
  const split = options.split ?? { recipients: [operator.account.address], bps: [SPLIT_TOTAL_BPS] };
  const { receipt } = await writeContract(ctx.publicClient, operator, {
    address: ctx.deployment.contracts.AgentRegistry,
    abi: agentRegistryAbi,
    functionName: "registerAgent",
    args: [signer, modelId, options.metadataURI ?? "", { recipients: [...split.recipients], bps: [...split.bps] }],
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
  /** Defaults: ETH, no task URI, minRounds 1, 10 000 vote credits, deadline in one hour. */
  token?: Address;
  taskURI?: string;
  minRounds?: number;
  voteCredits?: number;
  deadline?: bigint;
}

export async function createSession(ctx: ChainContext, submitter: Wallet, session: NewSession): Promise<{ sessionId: bigint; txHash: Hex }> {
  const token = session.token ?? zeroAddress;
  const deadline = session.deadline ?? (await ctx.publicClient.getBlock()).timestamp + 3_600n;
  const { receipt, hash } = await writeContract(ctx.publicClient, submitter, {
    address: ctx.deployment.contracts.Sessions,
    abi: sessionsAbi,
    functionName: "createSession",
    args: [{
      token, bounty: session.bounty, taskHash: session.taskHash, taskURI: session.taskURI ?? "",
      agentIds: [...session.agentIds], orchestrator: session.orchestrator, minRounds: session.minRounds ?? 1,
      maxRounds: session.maxRounds, voteCredits: session.voteCredits ?? MAX_VOTE_CREDITS, deadline,
    }],
    value: token === zeroAddress ? session.bounty : 0n,
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

/** Records a round every agent attested (the packed calldata is built here). */
export function recordRound(ctx: ChainContext, orchestrator: Wallet, record: RoundRecord) {
  const attestations: RoundAttestation[] = record.proposalHashes.map((proposalHash, agentIndex) => ({
    agentIndex, proposalHash, votes: record.ballots[agentIndex]!, signature: record.signatures[agentIndex]!,
  }));
  return recordPartialRound(ctx, orchestrator, { sessionId: record.sessionId, round: record.round, attestations, absentSigners: [] });
}

export interface PartialRoundRecord {
  sessionId: bigint;
  round: number;
  /** The present agents' attestations; each ballot has one vote per present proposal. */
  attestations: readonly RoundAttestation[];
  /** The snapshotted signers (Sessions.getSigners) of the absent agents, in agent order. */
  absentSigners: readonly Address[];
}

/**
 * Records a round, closing it with the agents that did not attest marked absent (only the
 * session's orchestrator may do that). Scores come back in agent order, 0 for an absent agent.
 */
export async function recordPartialRound(ctx: ChainContext, orchestrator: Wallet, record: PartialRoundRecord) {
  const address = ctx.deployment.contracts.Sessions;
  // The packed round ends with the session's fixed round terms (checked on chain with its signers).
  const terms = await ctx.publicClient.readContract({ address, abi: sessionsAbi, functionName: "roundTerms", args: [record.sessionId] });
  const { receipt, hash } = await writeContract(ctx.publicClient, orchestrator, {
    address,
    abi: sessionsAbi,
    functionName: "recordRound",
    args: [record.sessionId, record.round, packRound(record.attestations, record.absentSigners, terms)],
  });
  const [event] = parseEventLogs({ abi: sessionsAbi, eventName: "RoundRecorded", logs: receipt.logs });
  const agentCount = record.attestations.length + record.absentSigners.length;
  const { scores, winnerIndex, present } = unpackRoundOutcome(event!.args.outcome, agentCount);
  return { scores: scores.map(BigInt), winnerIndex, present, txHash: hash, gasUsed: receipt.gasUsed };
}

export async function settleSession(ctx: ChainContext, caller: Wallet, sessionId: bigint) {
  const { receipt, hash } = await writeContract(ctx.publicClient, caller, {
    address: ctx.deployment.contracts.Sessions,
    abi: sessionsAbi,
    functionName: "settle",
    args: [sessionId],
  });
  const [event] = parseEventLogs({ abi: sessionsAbi, eventName: "SessionSettled", logs: receipt.logs });
  return {
    winnerAgentId: event!.args.winnerAgentId,
    winnerProposalHash: await finalProposalHash(ctx, sessionId),
    payouts: event!.args.payouts,
    fee: event!.args.fee,
    dust: event!.args.dust,
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
async function roundRecordedEvent(ctx: ChainContext, sessionId: bigint, round: number) {
  const [event] = await ctx.publicClient.getContractEvents({
    address: ctx.deployment.contracts.Sessions, abi: sessionsAbi, eventName: "RoundRecorded",
    args: { sessionId, round }, fromBlock: BigInt(ctx.deployment.deployedAtBlock), strict: true,
  });
  return event;
}

/**
 * The winning proposal hash of the session's last recorded round (its final answer once settled),
 * from that round's RoundRecorded event: the contract does not keep it in storage.
 */
export async function finalProposalHash(ctx: ChainContext, sessionId: bigint): Promise<Hex | undefined> {
  const { roundsRecorded } = await readSession(ctx, sessionId);
  if (roundsRecorded === 0) return undefined;
  return (await roundRecordedEvent(ctx, sessionId, roundsRecorded))?.args.winnerProposalHash;
}

async function recordedRound(ctx: ChainContext, sessionId: bigint, round: number, agentCount: number) {
  const event = await roundRecordedEvent(ctx, sessionId, round);
  if (!event) return undefined;
  const receipt = await ctx.publicClient.getTransactionReceipt({ hash: event.transactionHash });
  return {
    ...unpackRoundOutcome(event.args.outcome, agentCount),
    scores: unpackRoundScores(event.args.outcome, agentCount).map(BigInt),
    txHash: event.transactionHash,
    gasUsed: receipt.gasUsed,
  };
}

/**
 * Records a round unless the chain already has it: an orchestrator that resumes a session after
 * a crash between sending the transaction and saving its state must not record twice.
 */
export async function recordRoundOnce(ctx: ChainContext, orchestrator: Wallet, record: PartialRoundRecord) {
  // One read on the hot path: only the round count is needed to know whether the round is in.
  const { roundsRecorded } = await ctx.publicClient.readContract({
    address: ctx.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSession", args: [record.sessionId],
  });
  if (roundsRecorded >= record.round) {
    const agentCount = record.attestations.length + record.absentSigners.length;
    const existing = await recordedRound(ctx, record.sessionId, record.round, agentCount);
    if (existing) return existing;
  }
  return recordPartialRound(ctx, orchestrator, record);
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
        winnerAgentId: event.args.winnerAgentId, winnerProposalHash: await finalProposalHash(ctx, sessionId),
        payouts: event.args.payouts, fee: event.args.fee, dust: event.args.dust, txHash: event.transactionHash,
      };
    }
  }
  return settleSession(ctx, orchestrator, sessionId);
}

/**
 * Credits every agent's payout in a settled session to its royalty recipients. Each split is
 * found from the registry's SplitUpdated event whose hash the session snapshotted.
 */
export async function distributeRoyalties(ctx: ChainContext, caller: Wallet, sessionId: bigint): Promise<Hex[]> {
  const { publicClient, deployment } = ctx;
  const read = { address: deployment.contracts.Sessions, abi: sessionsAbi } as const;
  const agentIds = await publicClient.readContract({ ...read, functionName: "getAgentIds", args: [sessionId] });
  const splitHashes = await publicClient.readContract({ ...read, functionName: "getSplitHashes", args: [sessionId] });
  const hashes: Hex[] = [];
  for (const [index, agentId] of agentIds.entries()) {
    if (await publicClient.readContract({ ...read, functionName: "royaltyDistributed", args: [sessionId, BigInt(index)] })) continue;
    const [logged] = await publicClient.getContractEvents({
      address: deployment.contracts.AgentRegistry, abi: agentRegistryAbi, eventName: "SplitUpdated",
      args: { agentId, splitHash: splitHashes[index] }, fromBlock: BigInt(deployment.deployedAtBlock),
    });
    const split = { recipients: [...logged!.args.recipients!], bps: [...logged!.args.bps!] };
    const { hash } = await writeContract(publicClient, caller, {
      ...read, functionName: "claimRoyalty", args: [sessionId, BigInt(index), split],
    });
    hashes.push(hash);
  }
  return hashes;
}

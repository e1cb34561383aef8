// Fixtures and round builders for the contract tests. Ballot packing, round packing, QV votes and
// the EIP-712 types come from sdk/protocol, the one source of those facts.
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, type Hex, keccak256, parseEther, toHex, zeroAddress, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import {
  endorsementsToVotes, packBallot, packFullRound, packRound, type RoundAttestation, recordRoundMessage, roundProposalsHash, signAgentKey,
  signBallot as signSdkBallot, VOTE_CREDITS,
} from "@concord/agent-sdk/protocol";
import type { sessionsAbi } from "@concord/agent-sdk/abis";

export const BOUNTY = parseEther("1");
export const TASK_HASH = keccak256(toHex("Prove that the square root of two is irrational."));
export const TASK_URI = "ipfs://task";
export const MAX_ROUNDS = 3;
export const FEE_BPS = 100n;
export const DAY = 86_400n;

/** A deterministic, distinct, non-zero proposal hash per (round, agent, text). */
export function proposalHash(text: string): Hex {
  return keccak256(toHex(text));
}

/** A one-recipient royalty split. */
export function soloSplit(recipient: Address) {
  return { recipients: [recipient], bps: [10_000] };
}

/** The createSession params the fixture uses, with `overrides` applied. */
export function sessionParams(
  base: { agentIds: readonly bigint[]; orchestrator: Address; deadline: bigint },
  overrides: Partial<SessionParams> = {},
): SessionParams {
  return {
    token: zeroAddress,
    bounty: BOUNTY,
    taskHash: TASK_HASH,
    taskURI: TASK_URI,
    agentIds: [...base.agentIds],
    orchestrator: base.orchestrator,
    minRounds: 1,
    maxRounds: MAX_ROUNDS,
    voteCredits: 10_000,
    deadline: base.deadline,
    absenceGrace: 0,
    taskFamily: zeroHash,
    ...overrides,
  };
}

export interface SessionParams {
  token: Address;
  bounty: bigint;
  taskHash: Hex;
  taskURI: string;
  agentIds: bigint[];
  orchestrator: Address;
  minRounds: number;
  maxRounds: number;
  voteCredits: number;
  deadline: bigint;
  absenceGrace: number;
  taskFamily: Hex;
}

/**
 * Deploys the registry and Sessions (1% fee to wallet 6), registers three agents with fresh
 * signing keys (operators are wallet clients 1..3, each its agent's sole royalty recipient) and
 * opens one ETH session with all three, orchestrated by wallet client 4, deadline in a day.
 */
export async function deploySessionFixture(viem: HardhatViemHelpers) {
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const wallet = (index: number) => {
    const client = wallets[index];
    if (client === undefined) throw new Error(`the network has no wallet client ${index}`);
    return client;
  };
  const submitter = wallet(0);
  const operators = [wallet(1), wallet(2), wallet(3)];
  const orchestrator = wallet(4);
  const stranger = wallet(5);
  const treasury = wallet(6);

  const registry = await viem.deployContract("AgentRegistry");
  const sessions = await viem.deployContract("Sessions", [registry.address, treasury.account.address, FEE_BPS]);

  const signers: PrivateKeyAccount[] = operators.map(() => privateKeyToAccount(generatePrivateKey()));
  for (const [i, signer] of signers.entries()) {
    const operator = operators[i]!.account;
    const modelId = `simulated/agent-${i + 1}`;
    const consent = await agentKeyConsent({ publicClient, registry }, signer, operator.address, modelId);
    await registry.write.registerAgent([signer.address, modelId, "", soloSplit(operator.address), consent], { account: operator });
  }
  const agentIds = [1n, 2n, 3n];
  const block = await publicClient.getBlock();
  const deadline = block.timestamp + DAY;
  const params = sessionParams({ agentIds, orchestrator: orchestrator.account.address, deadline });
  await sessions.write.createSession([params], { account: submitter.account, value: BOUNTY });
  const chainId = await publicClient.getChainId();

  return {
    publicClient,
    registry,
    sessions,
    submitter,
    operators,
    orchestrator,
    stranger,
    treasury,
    signers,
    agentIds,
    deadline,
    params,
    sessionId: 1n,
    chainId,
  };
}

export type SessionFixture = Awaited<ReturnType<typeof deploySessionFixture>>;

/**
 * Signs one agent's ballot exactly as an agent does (EIP-712, sdk types and domain), over
 * `roundHashes`: the round's present proposal hashes (any order; the signed hash sorts them).
 */
export function signBallot(
  f: Pick<SessionFixture, "chainId" | "sessions">,
  signer: PrivateKeyAccount,
  sessionId: bigint,
  round: number,
  ownHash: Hex,
  roundHashes: readonly Hex[],
  votes: Hex,
): Promise<Hex> {
  return signSdkBallot(signer, { chainId: f.chainId, address: f.sessions.address }, {
    sessionId, round, proposalHash: ownHash, proposalsHash: roundProposalsHash(roundHashes), votes,
  });
}

export interface SignedRound {
  proposalHashes: Hex[];
  ballots: Hex[];
  signatures: Hex[];
  /** votes[e][p]: evaluator e's integer QV vote for agent p's proposal (agent order). */
  votes: number[][];
}

/**
 * Builds a fully signed round from endorsements: `endorsements[e][p]` is evaluator e's endorsement
 * in [-100, 100] of agent p's proposal (its own entry is ignored: an agent never scores itself).
 * The votes spend `credits` (the fixture session's 10 000 unless told).
 */
export async function buildRound(
  f: Pick<SessionFixture, "chainId" | "sessions" | "signers">,
  sessionId: bigint,
  round: number,
  proposalHashes: Hex[],
  endorsements: number[][],
  credits = VOTE_CREDITS,
): Promise<SignedRound> {
  const votes = endorsements.map((row, e) => {
    const others = row.map((w, p) => (p === e ? 0 : w));
    return endorsementsToVotes(others, credits);
  });
  const ballots = votes.map((row) => packBallot(proposalHashes, new Map(row.map((v, p) => [proposalHashes[p]!, v]))));
  const signatures = await Promise.all(
    ballots.map((ballot, e) => signBallot(f, f.signers[e]!, sessionId, round, proposalHashes[e]!, proposalHashes, ballot)),
  );
  return { proposalHashes, ballots, signatures, votes };
}

/**
 * The round terms a packed round of session `sessionId` must end with (Sessions.roundTerms); 0
 * for a session that does not exist, so a test can still send a well-formed round for it.
 */
export async function roundTermsOf(f: Pick<SessionFixture, "sessions">, sessionId: bigint): Promise<bigint> {
  try {
    return await f.sessions.read.roundTerms([sessionId]);
  } catch {
    return 0n;
  }
}

/**
 * viem write options for Sessions.recordRound, which takes no ABI arguments: the round follows the
 * selector as one message (sessionId ‖ round ‖ packed round; recordRoundMessage).
 */
export function recordCall<Options extends object>(args: readonly [bigint, number, Hex], options?: Options) {
  return { ...(options ?? ({} as Options)), dataSuffix: recordRoundMessage(args[0], args[1], args[2]) };
}

/** The args of `recordRound` for a built round every agent attested. */
export async function roundArgs(
  f: Pick<SessionFixture, "sessions">,
  sessionId: bigint,
  round: number,
  r: Pick<SignedRound, "proposalHashes" | "ballots" | "signatures">,
) {
  return [sessionId, round, packFullRound(r.proposalHashes, r.ballots, r.signatures, await roundTermsOf(f, sessionId))] as const;
}

/** The args of `recordRound` for a round with absent agents (their snapshotted signers trail). */
export async function partialRoundArgs(
  f: Pick<SessionFixture, "sessions">,
  sessionId: bigint,
  round: number,
  attestations: RoundAttestation[],
  absentSigners: Address[],
) {
  return [sessionId, round, packRound(attestations, absentSigners, await roundTermsOf(f, sessionId))] as const;
}

/** Three distinct proposal hashes for a round. */
export function roundHashes(round: number, count = 3): Hex[] {
  return Array.from({ length: count }, (_, i) => proposalHash(`round ${round} proposal of agent ${i + 1}`));
}

/** `signer`'s EIP-712 consent to be bound to an agent of `operator` with `modelId` (registry's domain). */
export async function agentKeyConsent(
  f: { publicClient: { getChainId(): Promise<number> }; registry: { address: Address } },
  signer: PrivateKeyAccount,
  operator: Address,
  modelId: string,
): Promise<Hex> {
  return signAgentKey(signer, { chainId: await f.publicClient.getChainId(), address: f.registry.address }, { operator, modelId });
}

/** Registers `count` more agents (fresh keys, operator = `operator`, sole recipient) and returns their ids. */
export async function registerMore(
  f: Pick<SessionFixture, "registry" | "publicClient">,
  operator: Address,
  count: number,
): Promise<{ ids: bigint[]; signers: PrivateKeyAccount[] }> {
  const ids: bigint[] = [];
  const signers: PrivateKeyAccount[] = [];
  for (let i = 0; i < count; i++) {
    const signer = privateKeyToAccount(generatePrivateKey());
    const consent = await agentKeyConsent(f, signer, operator, "simulated/extra");
    await f.registry.write.registerAgent([signer.address, "simulated/extra", "", soloSplit(operator), consent], { account: operator });
    ids.push(await f.registry.read.agentIdOf([signer.address]));
    signers.push(signer);
  }
  return { ids, signers };
}

/** The name of a custom error Sessions can revert with (typed from the generated ABI). */
export type SessionsErrorName = Extract<(typeof sessionsAbi)[number], { type: "error" }>["name"];

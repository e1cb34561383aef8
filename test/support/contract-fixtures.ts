// Fixtures and round builders for the contract tests. Ballot packing, QV votes and the EIP-712
// types come from sdk/protocol, the one source of those facts.
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, type Hex, keccak256, parseEther, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { packBallot } from "../../sdk/protocol/ballot.ts";
import { signBallot as signSdkBallot } from "../../sdk/protocol/attestation.ts";
import { endorsementsToVotes } from "../../sdk/protocol/qv.ts";

export const BOUNTY = parseEther("1");
export const TASK_HASH = keccak256(toHex("Prove that the square root of two is irrational."));
export const MAX_ROUNDS = 3;

/** A deterministic, distinct, non-zero proposal hash per (round, agent, text). */
export function proposalHash(text: string): Hex {
  return keccak256(toHex(text));
}

/**
 * Deploys the registry and Sessions, registers three agents with fresh signing keys (operators are
 * wallet clients 1..3) and opens one session with all three, orchestrated by wallet client 4.
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

  const registry = await viem.deployContract("AgentRegistry");
  const sessions = await viem.deployContract("Sessions", [registry.address]);

  const signers: PrivateKeyAccount[] = operators.map(() => privateKeyToAccount(generatePrivateKey()));
  for (const [i, signer] of signers.entries()) {
    await registry.write.registerAgent([signer.address, `simulated/agent-${i + 1}`], {
      account: operators[i]!.account,
    });
  }
  const agentIds = [1n, 2n, 3n];
  await sessions.write.createSession([TASK_HASH, agentIds, orchestrator.account.address, MAX_ROUNDS], {
    account: submitter.account,
    value: BOUNTY,
  });
  const chainId = await publicClient.getChainId();

  return {
    publicClient,
    registry,
    sessions,
    submitter,
    operators,
    orchestrator,
    stranger,
    signers,
    agentIds,
    sessionId: 1n,
    chainId,
  };
}

export type SessionFixture = Awaited<ReturnType<typeof deploySessionFixture>>;

/** Signs one agent's ballot exactly as an agent does (EIP-712, sdk types and domain). */
export function signBallot(
  f: Pick<SessionFixture, "chainId" | "sessions">,
  signer: PrivateKeyAccount,
  sessionId: bigint,
  round: number,
  ownHash: Hex,
  votes: Hex,
): Promise<Hex> {
  return signSdkBallot(signer, { chainId: f.chainId, address: f.sessions.address }, { sessionId, round, proposalHash: ownHash, votes });
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
 */
export async function buildRound(
  f: Pick<SessionFixture, "chainId" | "sessions" | "signers">,
  sessionId: bigint,
  round: number,
  proposalHashes: Hex[],
  endorsements: number[][],
): Promise<SignedRound> {
  const votes = endorsements.map((row, e) => {
    const others = row.map((w, p) => (p === e ? 0 : w));
    return endorsementsToVotes(others);
  });
  const ballots = votes.map((row) => packBallot(proposalHashes, new Map(row.map((v, p) => [proposalHashes[p]!, v]))));
  const signatures = await Promise.all(
    ballots.map((ballot, e) => signBallot(f, f.signers[e]!, sessionId, round, proposalHashes[e]!, ballot)),
  );
  return { proposalHashes, ballots, signatures, votes };
}

/** The args of `recordRound` for a built round. */
export function roundArgs(sessionId: bigint, round: number, r: SignedRound) {
  return [sessionId, round, r.proposalHashes, r.ballots, r.signatures] as const;
}

/** Three distinct proposal hashes for a round. */
export function roundHashes(round: number, count = 3): Hex[] {
  return Array.from({ length: count }, (_, i) => proposalHash(`round ${round} proposal of agent ${i + 1}`));
}

/** Registers `count` more agents (fresh keys, operator = `operator`) and returns their ids. */
export async function registerMore(
  f: Pick<SessionFixture, "registry">,
  operator: Address,
  count: number,
): Promise<{ ids: bigint[]; signers: PrivateKeyAccount[] }> {
  const ids: bigint[] = [];
  const signers: PrivateKeyAccount[] = [];
  for (let i = 0; i < count; i++) {
    const signer = privateKeyToAccount(generatePrivateKey());
    await f.registry.write.registerAgent([signer.address, "simulated/extra"], { account: operator });
    ids.push(await f.registry.read.agentIdOf([signer.address]));
    signers.push(signer);
  }
  return { ids, signers };
}

// A deployment with a pool of agents under ten operators, for tests that open many sessions with
// chosen operator groups, present sets and explicit votes, and compare what Sessions records with
// the mirror of the rule (test/support/dip.ts). Ballots are packed and signed with the sdk.
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, type Hex, keccak256, parseEther, toHex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import {
  packBallot, packRound, parseRoundRecordedLogs, parseSessionSettledLogs, recordedRound, roundProposalsHash, type RoundAttestation,
} from "@concord/agent-sdk/protocol";
import { DAY, FEE_BPS, registerMore, sessionParams, signBallot, type SessionParams, recordCall } from "./contract-fixtures.ts";

/** How many operator accounts the pool has (wallet clients 1..OPERATORS). */
export const OPERATORS = 10;

/**
 * Deploys the registry and Sessions (1 % fee) with operators, orchestrator, treasury and a
 * stranger, and registers `perOperator` agents under each operator. Under loadFixture register
 * every agent the tests need here: agents openSession registers later are lost when a fixture's
 * snapshot is restored, while the pool (a plain object) would still list them.
 */
export async function deployWorld(viem: HardhatViemHelpers, perOperator = 1) {
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  if (wallets.length < OPERATORS + 4) throw new Error(`the network has ${wallets.length} wallet clients, not ${OPERATORS + 4}`);
  const submitter = wallets[0]!;
  const operators = wallets.slice(1, OPERATORS + 1);
  const orchestrator = wallets[OPERATORS + 1]!;
  const treasury = wallets[OPERATORS + 2]!;
  const stranger = wallets[OPERATORS + 3]!;
  const registry = await viem.deployContract("AgentRegistry");
  const sessions = await viem.deployContract("Sessions", [registry.address, treasury.account.address, FEE_BPS]);
  const chainId = await publicClient.getChainId();
  /** pool[o]: the agents registered so far under operator o (ids and signing keys). */
  const pool: { id: bigint; signer: PrivateKeyAccount }[][] = [];
  for (const operator of operators) {
    const { ids, signers } = await registerMore({ registry, publicClient }, operator.account.address, perOperator);
    pool.push(ids.map((id, k) => ({ id, signer: signers[k]! })));
  }
  return { publicClient, registry, sessions, submitter, operators, orchestrator, treasury, stranger, chainId, pool };
}

export type World = Awaited<ReturnType<typeof deployWorld>>;

/** A session opened in a world: its agents' operators (pool indices) and signing keys. */
export interface WorldSession {
  sessionId: bigint;
  n: number;
  operators: number[];
  /** The agents' registry ids, in agent order (pool agents are reused across sessions). */
  agentIds: bigint[];
  signers: PrivateKeyAccount[];
  params: SessionParams;
}

/**
 * Opens a session whose agent i is operated by operator `operators[i]` (distinct agents of one
 * operator are drawn from its pool, registered on demand).
 */
export async function openSession(w: World, operators: readonly number[], overrides: Partial<SessionParams> = {}): Promise<WorldSession> {
  const used = new Map<number, number>();
  const agents: { id: bigint; signer: PrivateKeyAccount }[] = [];
  for (const o of operators) {
    const k = used.get(o) ?? 0;
    used.set(o, k + 1);
    while (w.pool[o]!.length <= k) {
      const { ids, signers } = await registerMore(w, w.operators[o]!.account.address, 1);
      w.pool[o]!.push({ id: ids[0]!, signer: signers[0]! });
    }
    agents.push(w.pool[o]![k]!);
  }
  const deadline = (await w.publicClient.getBlock()).timestamp + DAY;
  const params = sessionParams(
    { agentIds: agents.map((a) => a.id), orchestrator: w.orchestrator.account.address, deadline },
    { bounty: parseEther("1"), ...overrides },
  );
  const hash = await w.sessions.write.createSession([params], { account: w.submitter.account, value: params.bounty });
  await w.publicClient.waitForTransactionReceipt({ hash });
  const sessionId = await w.sessions.read.sessionCount();
  return { sessionId, n: operators.length, operators: [...operators], agentIds: agents.map((a) => a.id), signers: agents.map((a) => a.signer), params };
}

/** One round to record: the present agents and votes[e][c] (agent order, n × n). */
export interface RoundPlan {
  present: readonly number[];
  votes: readonly (readonly number[])[];
  /** A tag that makes the proposal hashes differ between plans of one round (default ""). */
  tag?: string;
}

/**
 * The packed `recordRound` calldata of a planned round, every present agent signing, and the
 * present agents in entry order (ascending proposal hash).
 */
export async function packPlannedRound(w: World, s: WorldSession, round: number, plan: RoundPlan): Promise<{ packed: Hex; entries: number[]; tieStart: number }> {
  const hashes = plan.present.map((i) => keccak256(toHex(`session ${s.sessionId} round ${round} agent ${i} ${plan.tag ?? ""}`)));
  const attestations: RoundAttestation[] = [];
  for (const [k, e] of plan.present.entries()) {
    const votes = packBallot(hashes, new Map(plan.present.map((c, j) => [hashes[j]!, plan.votes[e]![c]!] as [Hex, number])));
    const signature = await signBallot(w, s.signers[e]!, s.sessionId, round, hashes[k]!, hashes, votes);
    attestations.push({ agentIndex: e, proposalHash: hashes[k]!, votes, signature });
  }
  const absent: Address[] = [];
  for (let i = 0; i < s.n; i++) if (!plan.present.includes(i)) absent.push(s.signers[i]!.address);
  const entries = [...attestations].sort((a, b) => (BigInt(a.proposalHash) < BigInt(b.proposalHash) ? -1 : 1)).map((a) => a.agentIndex);
  // Ties start at the entry proposalsHash mod P (RoundMath.outcome).
  const tieStart = Number(BigInt(roundProposalsHash(hashes)) % BigInt(hashes.length));
  return { packed: packRound(attestations, absent, await w.sessions.read.roundTerms([s.sessionId])), entries, tieStart };
}

/**
 * Records a planned round as `account` (the orchestrator unless told) and returns the round the
 * RoundRecorded event says (levels, scores, winner), decoded with the sdk, the entry order and the receipt.
 */
export async function recordPlannedRound(w: World, s: WorldSession, round: number, plan: RoundPlan, account = w.orchestrator.account) {
  const { packed, entries, tieStart } = await packPlannedRound(w, s, round, plan);
  const hash = await w.sessions.write.recordRound(recordCall([s.sessionId, round, packed], { account }));
  const receipt = await w.publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseRoundRecordedLogs({ logs: receipt.logs });
  if (event === undefined) throw new Error(`round ${round} of session ${s.sessionId}: no RoundRecorded`);
  return { recorded: recordedRound(event, s.n), entries, tieStart, receipt };
}

/** Settles as `account` (the orchestrator unless told) and returns the SessionSettled event. */
export async function settleSession(w: World, s: WorldSession, account = w.orchestrator.account) {
  const hash = await w.sessions.write.settle([s.sessionId], { account });
  const receipt = await w.publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseSessionSettledLogs({ logs: receipt.logs });
  if (event === undefined) throw new Error(`session ${s.sessionId}: no SessionSettled`);
  return event;
}

/** A small seeded generator (mulberry32): the same seed gives the same sessions. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  /** An integer in [lo, hi]. */
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = int(0, i);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  return { next, int, shuffle };
}

export type Random = ReturnType<typeof seededRandom>;

/**
 * Random ballots within `credits` for the present agents: 0 for itself, for absent agents and for
 * agents of its own operator; the others, in random order, draw from what is left of the budget
 * (often its whole square root, so medians beyond ±L occur), sometimes 0.
 */
export function randomVotes(rng: Random, n: number, operators: readonly number[], present: readonly number[], credits: number): number[][] {
  const votes = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const e of present) {
    let left = credits;
    for (const c of rng.shuffle(present.filter((c) => c !== e && operators[c] !== operators[e]))) {
      const max = Math.min(100, Math.floor(Math.sqrt(left)));
      const roll = rng.next();
      const magnitude = roll < 0.15 ? 0 : roll < 0.45 ? max : rng.int(0, max);
      const v = rng.next() < 0.35 ? -magnitude : magnitude;
      votes[e]![c] = v;
      left -= v * v;
    }
  }
  return votes;
}

/**
 * Everyone when `full`; otherwise a random present set of more than half the agents and not all
 * (there is none for n = 2: more than half of two is both).
 */
export function randomPresent(rng: Random, n: number, full: boolean): number[] {
  if (full || n < 3) return Array.from({ length: n }, (_, i) => i);
  const count = rng.int(Math.floor(n / 2) + 1, n - 1);
  return rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, count).sort((a, b) => a - b);
}

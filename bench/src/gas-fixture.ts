// The session bench:gas measures and gas-trace.ts traces: N agents registered by their own
// operators, one session of up to 3 rounds created, and each round's full record (every agent
// attests, every vote non-zero: the worst case for a round).
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import type { network } from "hardhat";
import { type Hex, keccak256, parseEther, toHex, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import {
  DEFAULT_ABSENCE_GRACE, endorsementsToVotes, MAX_VOTE_CREDITS, NO_TASK_FAMILY, packBallot, packFullRound, recordRoundMessage, roundProposalsHash, signAgentKey, signBallot,
  SPLIT_TOTAL_BPS,
} from "@concord/agent-sdk/protocol";

type Viem = Awaited<ReturnType<typeof network.create>>["viem"];

/** `taskFamily`: the sessions' task family (none by default, as a session of no family costs). */
export async function benchSession(viem: Viem, n: number, taskFamily: Hex = NO_TASK_FAMILY) {
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const [submitter, orchestrator, treasury] = wallets;
  const operators = wallets.slice(3, 3 + n);
  const registry = await viem.deployContract("AgentRegistry");
  const sessions = await viem.deployContract("Sessions", [registry.address, treasury!.account.address, 100n]);
  const signers: PrivateKeyAccount[] = operators.map(() => privateKeyToAccount(generatePrivateKey()));
  const chainId = await publicClient.getChainId();
  for (const [i, signer] of signers.entries()) {
    const operator = operators[i]!.account;
    const consent = await signAgentKey(signer, { chainId, address: registry.address }, { operator: operator.address, modelId: "bench" });
    await registry.write.registerAgent([signer.address, "bench", "", { recipients: [operator.address], bps: [SPLIT_TOTAL_BPS] }, consent], { account: operator });
  }
  const deadline = (await publicClient.getBlock()).timestamp + 86_400n;
  /** Opens one more session of these agents (ids count from 1); the transaction's hash. */
  const openSession = () => sessions.write.createSession([{
    token: zeroAddress, bounty: parseEther("1"), taskHash: keccak256(toHex("bench")), taskURI: "ipfs://bench",
    agentIds: signers.map((_, i) => BigInt(i + 1)), orchestrator: orchestrator!.account.address, minRounds: 1, maxRounds: 3,
    voteCredits: MAX_VOTE_CREDITS, deadline, absenceGrace: DEFAULT_ABSENCE_GRACE, taskFamily,
  }], { account: submitter!.account, value: parseEther("1") });
  const createTx = await openSession();
  const contract = { chainId, address: sessions.address };

  /** Round `round` of session `sessionId` as recordRound's message (sessionId ‖ round ‖ packed round). */
  async function roundMessage(round: number, sessionId = 1n): Promise<Hex> {
    const hashes = signers.map((_, i) => keccak256(toHex(`session ${sessionId} round ${round} proposal ${i}`)));
    // Every evaluator endorses every other proposal (all votes non-zero: the worst case).
    const ballots = signers.map((_, e) => {
      const votes = endorsementsToVotes(signers.map((_, p) => (p === e ? 0 : 10 + ((e * 7 + p * 13 + round) % 60))), BigInt(MAX_VOTE_CREDITS));
      return packBallot(hashes, new Map(votes.map((v, p) => [hashes[p]!, v])));
    });
    const proposalsHash = roundProposalsHash(hashes);
    const signatures = await Promise.all(signers.map((s, e) => signBallot(s, contract, { sessionId, round, proposalHash: hashes[e]!, proposalsHash, votes: ballots[e]! })));
    return recordRoundMessage(sessionId, round, packFullRound(hashes, ballots, signatures, await sessions.read.roundTerms([sessionId])));
  }

  /** Records round `round` of session `sessionId` (default 1) as its orchestrator; the transaction's hash. */
  async function recordRound(round: number, sessionId = 1n): Promise<Hex> {
    return sessions.write.recordRound({ account: orchestrator!.account, dataSuffix: await roundMessage(round, sessionId) });
  }

  return { publicClient, sessions, orchestrator: orchestrator!, operators, createTx, openSession, roundMessage, recordRound };
}

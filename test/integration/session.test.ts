// One settled session on real parts: nats-server, a hardhat node, three agent processes.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, stringToBytes, zeroAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import {
  encodeBallotVotes, fullRoundAttestations, getRoundRecordedLogs, payoutRule, roundProposalsHash, roundTermsFairVote, roundTermsVoteCredits, roundTermsWeights, sessionStatusCode,
  signBallot, unpackRoundOutcome, voteCost,
} from "@concord/agent-sdk/protocol";
import { DEFAULT_FEE_BPS } from "@concord/deploy";
import { dipSettlement } from "../support/dip.ts";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import {
  createSession, distributeRoyalties, readRoundTerms, readSession, recordRound, settleSessionOnce,
} from "@concord/orchestrator/chain/actions/index.ts";
import { revertName } from "@concord/orchestrator/chain/write-contract.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";

const ROUNDS = 2;
const BOUNTY = parseEther("1");

describe("a deliberation session end to end", () => {
  let stack: LocalStack;
  let outcome: SessionOutcome;
  const agentKeys: Hex[] = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];

  before(async () => {
    stack = await startLocalStack({ agentKeys });
    const problem = generateWordProblem(seededRandom("integration"));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(problem.text)),
      agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address,
      maxRounds: ROUNDS,
      bounty: BOUNTY,
    });
    outcome = await runSession(
      { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
      { sessionId, task: problem.text, panel: stack.panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
    );
  });

  after(async () => {
    await stack?.stop();
  });

  it("records every round, and the chain's scores equal the orchestrator's tally", async () => {
    const events = await getRoundRecordedLogs(stack.clients.publicClient, {
      address: stack.deployment.contracts.Sessions,
      sessionId: outcome.sessionId,
      fromBlock: BigInt(stack.deployment.deployedAtBlock),
    });
    assert.equal(events.length, ROUNDS);
    for (const [i, event] of events.entries()) {
      const tallied = outcome.rounds[i]!;
      assert.equal(event.round, tallied.round);
      const unpacked = unpackRoundOutcome(event.outcome, stack.panel.length);
      assert.deepEqual(unpacked.scores, tallied.scores);
      assert.equal(unpacked.winnerIndex, tallied.winnerIndex);
      assert.equal(unpacked.present, 7n);
      assert.equal(event.winnerProposalHash, tallied.proposals[tallied.winnerIndex]!.proposalHash);
    }
  });

  it("settles in the last round's record transaction, one transaction after the earlier round's", async () => {
    const [first, last] = outcome.rounds;
    assert.equal(outcome.settleTxHash, last!.onChain.txHash);
    assert.notEqual(first!.onChain.txHash, last!.onChain.txHash);
    const receipt = await stack.clients.publicClient.getTransactionReceipt({ hash: outcome.settleTxHash });
    assert.equal(receipt.status, "success");
    assert.equal(receipt.to?.toLowerCase(), stack.deployment.contracts.Sessions.toLowerCase());
  });

  it("settles by the rule: payouts from the rounds' levels (the mirror and payoutRule agree with the chain), payouts + fee + unearned = bounty, the winner is the last round's, operators can claim", async () => {
    const fee = (BOUNTY * DEFAULT_FEE_BPS) / 10_000n;
    assert.equal(outcome.fee, fee);
    assert.equal(outcome.payouts.reduce((a, b) => a + b, 0n) + fee + outcome.unearned, BOUNTY);
    // The rule's reference (docs/economics.md §2, written from its text) applied to the chain's levels.
    const events = await getRoundRecordedLogs(stack.clients.publicClient, {
      address: stack.deployment.contracts.Sessions, sessionId: outcome.sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock),
    });
    const quality = new Array<bigint>(stack.panel.length).fill(0n);
    for (const event of events) unpackRoundOutcome(event.outcome, stack.panel.length).levels.forEach((l, i) => (quality[i]! += BigInt(l)));
    const terms = await readRoundTerms(stack.chain, { sessionId: outcome.sessionId });
    const expected = dipSettlement(BOUNTY, DEFAULT_FEE_BPS, quality, ROUNDS, roundTermsFairVote(terms));
    assert.deepEqual([...outcome.payouts], expected.payouts);
    assert.equal(outcome.unearned, expected.unearned);
    // The off-chain explanation of the settlement (CLI, dApp) is the contract's arithmetic.
    assert.equal(outcome.fairVote, roundTermsFairVote(terms));
    assert.deepEqual(outcome.levels.map((r) => r.round), [1, 2]);
    const rule = payoutRule({ net: BOUNTY - fee, rounds: outcome.levels, agentCount: stack.panel.length, fairVote: outcome.fairVote });
    assert.deepEqual(rule.agents.map((a) => a.payout), outcome.payouts);
    assert.equal(rule.unearned, outcome.unearned);
    const lastWinner = stack.panel[outcome.rounds.at(-1)!.winnerIndex]!;
    assert.equal(outcome.winner.agentId, lastWinner.agentId);
    // Settling again reads the settlement back; the final proposal hash comes from the last RoundRecorded event.
    const again = await settleSessionOnce(stack.chain, { wallet: stack.orchestrator, sessionId: outcome.sessionId });
    const last = outcome.rounds.at(-1)!;
    assert.equal(again.winnerAgentId, lastWinner.agentId);
    assert.equal(again.winnerProposalHash, last.proposals[last.winnerIndex]!.proposalHash);

    const operator = stack.clients.walletFor(devnetAccount(1));
    await distributeRoyalties(stack.chain, { wallet: operator, sessionId: outcome.sessionId });
    const claimable = await stack.clients.publicClient.readContract({
      address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "claimable", args: [zeroAddress, operator.account.address],
    });
    assert.equal(claimable, outcome.payouts[0]);
    if (claimable > 0n) {
      const before = await stack.clients.publicClient.getBalance({ address: operator.account.address });
      const hash = await operator.writeContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "claim", args: [zeroAddress] });
      const receipt = await stack.clients.publicClient.waitForTransactionReceipt({ hash });
      const afterClaim = await stack.clients.publicClient.getBalance({ address: operator.account.address });
      assert.equal(afterClaim - before + receipt.gasUsed * receipt.effectiveGasPrice, claimable);
    }
  });

  describe("a session created with fewer vote credits", () => {
    for (const voteCredits of [100, 1]) {
      it(`settles at ${voteCredits} credit(s): every ballot spends at most them, the chain's scores equal the tally`, async () => {
        const problem = generateWordProblem(seededRandom(`credits ${voteCredits}`));
        const { sessionId } = await createSession(stack.chain, {
          wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
          orchestrator: stack.orchestrator.account.address, maxRounds: ROUNDS, bounty: BOUNTY, voteCredits,
        });
        // As the job worker plans a session: the round terms read once, the credits read from them.
        const roundTerms = await readRoundTerms(stack.chain, { sessionId });
        assert.equal(roundTermsVoteCredits(roundTerms), (await readSession(stack.chain, { sessionId })).voteCredits);
        assert.equal(roundTermsVoteCredits(roundTerms), voteCredits);
        const settled = await runSession(
          { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
          { sessionId, task: problem.text, panel: stack.panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms },
        );
        assert.equal(settled.rounds.length, ROUNDS);
        const events = await getRoundRecordedLogs(stack.clients.publicClient, {
          address: stack.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock),
        });
        assert.equal(events.length, ROUNDS);
        for (const [i, event] of events.entries()) {
          const tallied = settled.rounds[i]!;
          assert.equal(tallied.present.length, stack.panel.length, "no agent's ballot was refused");
          for (const ballot of tallied.ballots) assert.ok(voteCost(ballot) <= BigInt(voteCredits), `${ballot} overspends ${voteCredits}`);
          const unpacked = unpackRoundOutcome(event.outcome, stack.panel.length);
          assert.deepEqual(unpacked.scores, tallied.scores);
          assert.equal(unpacked.winnerIndex, tallied.winnerIndex);
        }
        assert.equal((await readSession(stack.chain, { sessionId })).status, sessionStatusCode("Settled"));
      });
    }
  });

  describe("the contract rejects bad attestations on the live devnet", () => {
    let sessionId: bigint;
    const proposalHashes = [1, 2, 3].map((n) => keccak256(stringToBytes(`proposal ${n}`)));
    const contract = () => ({ chainId: stack.deployment.chainId, address: stack.deployment.contracts.Sessions });

    before(async () => {
      ({ sessionId } = await createSession(stack.chain, {
        wallet: stack.submitter,
        taskHash: keccak256(stringToBytes("a second task")),
        agentIds: stack.panel.map((a) => a.agentId),
        orchestrator: stack.orchestrator.account.address,
        maxRounds: 1,
        bounty: BOUNTY,
      }));
    });

    /** Ballots where each agent gives 50 to every other proposal (Σv² = 5 000), signed by `keys`. */
    async function signedRound(keys: readonly Hex[], votesFor = (_agent: number) => [] as number[]) {
      const sortedHashes = [...proposalHashes].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      const ballots = proposalHashes.map((own, agent) => {
        const custom = votesFor(agent);
        return encodeBallotVotes(custom.length ? custom : sortedHashes.map((h) => (h === own ? 0 : 50)));
      });
      const signatures = await Promise.all(
        keys.map((key, agent) =>
          signBallot(privateKeyToAccount(key), contract(), {
            sessionId, round: 1, proposalHash: proposalHashes[agent]!, proposalsHash: roundProposalsHash(proposalHashes), votes: ballots[agent]!,
          }),
        ),
      );
      const roundTerms = await readRoundTerms(stack.chain, { sessionId });
      return { wallet: stack.orchestrator, sessionId, round: 1, attestations: fullRoundAttestations(proposalHashes, ballots, signatures), roundTerms };
    }

    it("rejects a forged signature (a key that is not the agent's)", async () => {
      const forged = await signedRound([agentKeys[0]!, generatePrivateKey(), agentKeys[2]!]);
      const error = await recordRound(stack.chain, forged).catch((e: unknown) => e);
      assert.equal(revertName(error), "InvalidSignature");
    });

    it("rejects an over-budget ballot even when its signature is valid", async () => {
      const sortedHashes = [...proposalHashes].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      // Agent 0 gives 100 and 1 to the others: 10 000 + 1 > 10 000 credits.
      const overspent = await signedRound(agentKeys, (agent) => {
        if (agent !== 0) return [];
        let first = true;
        return sortedHashes.map((h) => (h === proposalHashes[0] ? 0 : first ? ((first = false), 100) : 1));
      });
      const error = await recordRound(stack.chain, overspent).catch((e: unknown) => e);
      assert.equal(revertName(error), "VoteBudgetExceeded");
    });

    it("accepts the same round once every signature is genuine and within budget", async () => {
      const honest = await signedRound(agentKeys);
      const recorded = await recordRound(stack.chain, honest);
      // The agents' settled session above gave them history: each vote of 50 counts its voter's weight times.
      const weights = roundTermsWeights(honest.roundTerms);
      assert.ok(weights.some((w) => w > 1), `weights ${weights}`);
      assert.deepEqual(recorded.scores.map(Number), weights.map((_, i) => 50 * weights.reduce((sum, w, e) => sum + (e === i ? 0 : w), 0)));
    });

    it("settles that session, and two distributors racing credit each agent's royalty once: all claims in one transaction, the other refused", async () => {
      await settleSessionOnce(stack.chain, { wallet: stack.orchestrator, sessionId });
      const [first, second] = await Promise.allSettled([
        distributeRoyalties(stack.chain, { wallet: stack.clients.walletFor(devnetAccount(1)), sessionId }),
        distributeRoyalties(stack.chain, { wallet: stack.clients.walletFor(devnetAccount(2)), sessionId }),
      ]);
      const landed = [first, second].filter((r) => r.status === "fulfilled");
      const refused = [first, second].filter((r) => r.status === "rejected");
      assert.equal(landed.length, 1, "one distributor's batch lands");
      assert.equal(landed[0]!.value.txHashes.length, 1, "every claim in one transaction");
      // The other's batch failed, so its claims went alone, and the chain refused each.
      assert.equal(refused.length, 1);
      assert.equal(revertName(refused[0]!.reason), "RoyaltyAlreadyDistributed");
      const credited = await stack.clients.publicClient.getContractEvents({
        address: stack.deployment.contracts.Sessions, abi: sessionsAbi, eventName: "RoyaltyDistributed", args: { sessionId },
        fromBlock: BigInt(stack.deployment.deployedAtBlock),
      });
      assert.deepEqual(credited.map((e) => Number(e.args.agentIndex)).sort(), [0, 1, 2], "each agent credited exactly once");
      assert.deepEqual(await distributeRoyalties(stack.chain, { wallet: stack.orchestrator, sessionId }), { txHashes: [] }, "nothing left to send");
    });

    it("lets the orchestrator close a round with an absent agent", async () => {
      const { sessionId: partial } = await createSession(stack.chain, {
        wallet: stack.submitter,
        taskHash: keccak256(stringToBytes("a third task")), agentIds: stack.panel.map((a) => a.agentId),
        orchestrator: stack.orchestrator.account.address, maxRounds: 1, bounty: BOUNTY,
      });
      const present = proposalHashes.slice(0, 2);
      const sorted = [...present].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      const attestations = await Promise.all(present.map(async (own, agentIndex) => {
        const votes = encodeBallotVotes(sorted.map((h) => (h === own ? 0 : 40)));
        const signature = await signBallot(privateKeyToAccount(agentKeys[agentIndex]!), contract(), {
          sessionId: partial, round: 1, proposalHash: own, proposalsHash: roundProposalsHash(present), votes,
        });
        return { agentIndex, proposalHash: own, votes, signature };
      }));
      const roundTerms = await readRoundTerms(stack.chain, { sessionId: partial });
      const recorded = await recordRound(stack.chain, {
        wallet: stack.orchestrator, sessionId: partial, round: 1, attestations, absentSigners: [stack.panel[2]!.signer], roundTerms,
      });
      assert.equal(recorded.present, 3n);
      const [w0, w1] = roundTermsWeights(roundTerms);
      assert.deepEqual(recorded.scores.map(Number), [40 * w1!, 40 * w0!, 0]);
    });
  });
});

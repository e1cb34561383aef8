// A panel in which one operator runs two agents, on real parts. The chain refuses any non-zero
// vote between them (SameOperatorVote) and would revert the whole round's record, while neither
// can tell which masked candidate is the other's: the orchestrator marks that candidate in the
// evaluate task, the agents give it 0, and the session settles with every round complete.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, stringToBytes } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { decodeMessage, evaluateTask, roundTermsSameOperator, sessionStatusCode } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";

const ROUNDS = 2;

describe("a session with two agents of one operator", () => {
  let stack: LocalStack;
  let outcome: SessionOutcome;
  let terms: bigint;
  /** Per evaluate task seen on the wire: the evaluator, and how many candidates were marked sameOperator. */
  const marked: { agent: string; marked: number }[] = [];

  before(async () => {
    // ada and bram share the first operator's account; chloe has her own.
    stack = await startLocalStack({ agentOperators: [0, 0, 1] });
    // Every agent's evaluate tasks, as the wire carries them (the admin connection may read them).
    const spy = stack.nc.subscribe("nsed.*.task.*.evaluate", {
      callback: (_, msg) => {
        const task = decodeMessage(evaluateTask, msg.data);
        marked.push({ agent: msg.subject.split(".")[3]!, marked: task.candidates.filter((c) => c.sameOperator).length });
      },
    });
    const problem = generateWordProblem(seededRandom("shared-operator"));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds: ROUNDS, bounty: parseEther("1"),
    });
    terms = await readRoundTerms(stack.chain, { sessionId });
    outcome = await runSession(
      { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
      { sessionId, task: problem.text, panel: stack.panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms: terms },
    );
    spy.unsubscribe();
  });

  after(async () => {
    await stack?.stop();
  });

  it("reads the operator groups from the session's round terms", () => {
    assert.equal(roundTermsSameOperator(terms, 0, 1), true);
    assert.equal(roundTermsSameOperator(terms, 1, 0), true);
    assert.equal(roundTermsSameOperator(terms, 0, 2), false);
    assert.equal(roundTermsSameOperator(terms, 1, 2), false);
    assert.equal(roundTermsSameOperator(terms, 0, 0), false);
  });

  it("marks the teammate's candidate for ada and bram, none for chloe", () => {
    assert.equal(marked.length, 3 * ROUNDS);
    for (const { agent, marked: count } of marked) assert.equal(count, agent === "chloe" ? 0 : 1, agent);
  });

  it("records every round complete, with 0 between ada and bram and votes from chloe for both, and settles", async () => {
    assert.equal(outcome.rounds.length, ROUNDS);
    for (const round of outcome.rounds) {
      assert.deepEqual(outcome.absent.filter((a) => a.round === round.round), []);
      assert.equal(round.ballots[0]![1], 0);
      assert.equal(round.ballots[1]![0], 0);
      assert.notEqual(round.ballots[2]![0], 0);
      assert.notEqual(round.ballots[2]![1], 0);
      // Each teammate spent its credits on chloe's proposal alone.
      assert.notEqual(round.ballots[0]![2], 0);
    }
    const session = await stack.clients.publicClient.readContract({
      address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSession", args: [outcome.sessionId],
    });
    assert.equal(session.status, sessionStatusCode("Settled"));
  });
});

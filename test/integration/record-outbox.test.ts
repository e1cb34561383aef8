// Rounds never wait on the chain: with no block mined, a session tallies round after round while
// its records wait in the outbox, and settles once they land, in order, each once. A record the
// chain refuses fails the session, counting only the rounds that are on chain.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, stringToBytes } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getRoundRecordedLogs, getSessionSettledLogs } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { Reporter } from "@concord/orchestrator/rounds/types.ts";

describe("the record outbox", () => {
  let stack: LocalStack;
  const setAutomine = (on: boolean) => stack.clients.publicClient.request({ method: "evm_setAutomine" as never, params: [on] as never });
  const mine = () => stack.clients.publicClient.request({ method: "evm_mine" as never, params: [] as never });
  const roundsOnChain = async (sessionId: bigint) =>
    (await stack.clients.publicClient.readContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSession", args: [sessionId] })).roundsRecorded;

  before(async () => {
    stack = await startLocalStack();
  });
  after(async () => {
    if (stack) await setAutomine(true).catch(() => {});
    await stack?.stop();
  });

  async function newSession(seed: string, rounds: number) {
    const problem = generateWordProblem(seededRandom(seed));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, minRounds: rounds, maxRounds: rounds, bounty: parseEther("1"),
    });
    const plan = {
      sessionId, task: problem.text, panel: stack.panel, minRounds: rounds, maxRounds: rounds, effort: 0.6,
      phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }),
    };
    return { sessionId, plan };
  }

  it("runs every round while no record can land, then settles once the chain mines them, in order", async () => {
    const { sessionId, plan } = await newSession("outbox-no-wait", 3);
    await setAutomine(false);
    const tallied: number[] = [];
    const onChainWhenTallied: number[] = [];
    let allTallied!: () => void;
    const lastTallied = new Promise<void>((resolve) => (allTallied = resolve));
    const recorded: number[] = [];
    const reporter: Reporter = {
      roundTallied: (outcome) => {
        tallied.push(outcome.round);
        if (outcome.round === 3) allTallied();
      },
      roundRecorded: (outcome) => void recorded.push(outcome.round),
    };
    const running = runSession({ nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, reporter }, plan);
    try {
      await lastTallied;
      onChainWhenTallied.push(await roundsOnChain(sessionId));
    } finally {
      await setAutomine(true);
      await mine();
    }
    const outcome = await running;
    assert.deepEqual(tallied, [1, 2, 3]);
    assert.deepEqual(onChainWhenTallied, [0], "all three rounds ran with none on chain");
    assert.deepEqual(recorded, [1, 2, 3], "records landed in round order");
    const fromBlock = BigInt(stack.deployment.deployedAtBlock);
    const address = stack.deployment.contracts.Sessions;
    const logs = await getRoundRecordedLogs(stack.clients.publicClient, { address, sessionId, fromBlock });
    assert.deepEqual(logs.map((l) => l.round), [1, 2, 3], "each round recorded once");
    assert.equal((await getSessionSettledLogs(stack.clients.publicClient, { address, sessionId, fromBlock })).length, 1);
    // What the session returns is what the chain recorded.
    assert.deepEqual(outcome.rounds.map((r) => r.onChain.txHash), logs.map((l) => l.txHash));
    assert.deepEqual(outcome.rounds.map((r) => r.onChain.scores.map(Number)), outcome.rounds.map((r) => r.scores));
  });

  it("fails the session when the chain refuses a record, counting only the rounds on chain", async () => {
    const { sessionId, plan } = await newSession("outbox-refused", 2);
    await setAutomine(false);
    let firstTallied!: () => void;
    const tallied = new Promise<void>((resolve) => (firstTallied = resolve));
    const reporter: Reporter = { roundTallied: (outcome) => void (outcome.round === 1 && firstTallied()) };
    const running = runSession({ nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, reporter }, plan);
    const failed = assert.rejects(running, /DeadlinePassed/);
    try {
      await tallied;
      // Round 1's record is pending; the block that mines it is past the session's deadline.
      await stack.clients.publicClient.request({ method: "evm_increaseTime" as never, params: [3_700] as never });
    } finally {
      await setAutomine(true);
      await mine();
    }
    await failed;
    assert.equal(await roundsOnChain(sessionId), 0);
  });
});

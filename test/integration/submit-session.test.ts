// submitSession, the scripts' submit (and `concord submit`'s), on real parts: a local stack with
// three simulated agents. A task the agents refuse throws PreflightRefused with each problem and
// escrows nothing; a task they take is created on chain with its bounty and its job queued.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, stringToBytes } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { ROLES, startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { readTreasury } from "@concord/orchestrator/chain/treasury-guard.ts";
import { PreflightRefused } from "@concord/orchestrator/jobs/preflight.ts";
import { submitSession, type SubmitSessionParameters } from "@concord/orchestrator/jobs/submit-session.ts";

const WORD_PROBLEM = "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";

describe("submitSession", { timeout: 90_000 }, () => {
  let stack: LocalStack;
  const parameters = (task: string): SubmitSessionParameters => ({
    task, wallet: stack.submitter, agents: stack.panel.map((a) => a.name),
    session: { orchestrator: stack.orchestrator.account.address, bounty: parseEther("0.5"), maxRounds: 2 },
  });
  const chainState = async () => ({
    balance: await stack.clients.publicClient.getBalance({ address: stack.submitter.account.address }),
    sessions: await stack.clients.publicClient.readContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "sessionCount" }),
  });

  before(async () => {
    stack = await startLocalStack();
  });

  after(async () => {
    await stack?.stop();
  });

  it("throws PreflightRefused naming each agent that refuses the task, and sends nothing", async () => {
    const before = await chainState();
    let created = false;
    await assert.rejects(submitSession(stack.nc, stack.chain, { ...parameters("Write a sonnet about the sea."), onCreated: () => void (created = true) }), (error) => {
      assert.ok(error instanceof PreflightRefused);
      assert.deepEqual(error.problems.map((p) => p.code), [...stack.panel.map(() => "AGENT_DECLINED"), "TOO_FEW_AGENTS"]);
      assert.match(error.problems[0]!.message, new RegExp(`agent ${stack.panel[0]!.name} declines: this simulated solver only answers arithmetic word problems of its family`));
      return true;
    });
    assert.equal(created, false);
    assert.deepEqual(await chainState(), before);
  });

  it("throws PreflightRefused for a bounty above the submitter's balance, with the amounts", async () => {
    const before = await chainState();
    await assert.rejects(submitSession(stack.nc, stack.chain, { ...parameters(WORD_PROBLEM), session: { ...parameters(WORD_PROBLEM).session, bounty: parseEther("100000") } }),
      (error) => error instanceof PreflightRefused && error.problems.length === 1 && error.problems[0]!.code === "INSUFFICIENT_FUNDS" &&
        /less than the bounty of 100000 ETH/.test(error.problems[0]!.message));
    assert.deepEqual(await chainState(), before);
  });

  it("throws PreflightRefused for an orchestrator that is the deployment's treasury, and sends nothing", async () => {
    const treasury = await readTreasury(stack.chain);
    // The stack's own orchestrator is not the treasury: the treasury is paid for every agent left out.
    assert.equal(treasury, devnetAccount(ROLES.treasury).address);
    assert.notEqual(treasury.toLowerCase(), stack.orchestrator.account.address.toLowerCase());
    const before = await chainState();
    await assert.rejects(submitSession(stack.nc, stack.chain, { ...parameters(WORD_PROBLEM), session: { ...parameters(WORD_PROBLEM).session, orchestrator: treasury } }),
      (error) => error instanceof PreflightRefused && error.problems.length === 1 && error.problems[0]!.code === "ORCHESTRATOR_IS_TREASURY" &&
        error.problems[0]!.message.includes(`the orchestrator ${treasury} is this deployment's treasury`));
    assert.deepEqual(await chainState(), before);
  });

  it("throws PreflightRefused for a job the queue would refuse (a budget past what its schema takes), and sends nothing", async () => {
    const before = await chainState();
    await assert.rejects(submitSession(stack.nc, stack.chain, { ...parameters(WORD_PROBLEM), budget: { wallClockMs: 1e16 } }),
      (error) => error instanceof PreflightRefused && error.problems.length === 1 && error.problems[0]!.code === "CONFIG_INVALID" &&
        /the session's job would be refused: budget\.wallClockMs/.test(error.problems[0]!.message));
    assert.deepEqual(await chainState(), before);
  });

  it("creates the session with its bounty escrowed and queues its job once every check passes", async () => {
    const before = await chainState();
    let seen: bigint | undefined;
    const submitted = await submitSession(stack.nc, stack.chain, { ...parameters(WORD_PROBLEM), effort: 0.5, onCreated: ({ sessionId }) => void (seen = sessionId) });
    assert.equal(submitted.sessionId, before.sessions + 1n);
    assert.equal(seen, submitted.sessionId);
    assert.deepEqual(submitted.panel.map((a) => a.name), stack.panel.map((a) => a.name));
    assert.deepEqual([submitted.job.sessionId, submitted.job.effort, submitted.job.duplicate], [submitted.sessionId.toString(), 0.5, false]);
    const session = await stack.clients.publicClient.readContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSession", args: [submitted.sessionId] });
    assert.equal(session.bounty, parseEther("0.5"));
    assert.equal(session.taskHash, keccak256(stringToBytes(WORD_PROBLEM)));
  });
});

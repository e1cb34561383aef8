// The orchestrator's JSON-RPC budget for a session: one 2-round session of 3 agents, taken from
// the job queue by a job worker whose chain client counts every call, from the plan's reads to
// settlement. Royalty distribution runs after the session, off its path, and is counted apart.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, stringToBytes } from "viem";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { startLocalStack, ROLES, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession } from "@concord/orchestrator/chain/actions/index.ts";
import { connectChain, devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { breakdownLine, rpcCounter } from "@concord/orchestrator/chain/rpc-counter.ts";
import { startJobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";

const ROUNDS = 2;
const BUDGET = 12;

describe("the orchestrator's JSON-RPC calls per session", () => {
  let stack: LocalStack;

  before(async () => {
    stack = await startLocalStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it(`stay within ${BUDGET} for a 2-round session of 3 agents`, { timeout: 60_000 }, async () => {
    const counter = rpcCounter();
    const clients = await connectChain(stack.evm.rpcUrl, { counter });
    const chain = { publicClient: clients.publicClient, deployment: stack.deployment };
    let settledOnce!: (outcome: SessionOutcome) => void;
    const settled = new Promise<SessionOutcome>((resolve) => (settledOnce = resolve));
    const worker = await startJobWorker({
      nc: stack.nc, chain, orchestrator: clients.walletFor(devnetAccount(ROLES.orchestrator)), owner: "rpc-budget",
      onSettled: settledOnce, onFailed: (id, reason) => assert.fail(`session ${id} failed: ${reason}`),
    });
    try {
      const problem = generateWordProblem(seededRandom("rpc-budget"));
      const { sessionId } = await createSession(stack.chain, {
        wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
        orchestrator: stack.orchestrator.account.address, minRounds: ROUNDS, maxRounds: ROUNDS, bounty: parseEther("1"),
      });
      counter.reset();
      await submitJob(stack.nc, { sessionId: sessionId.toString(), task: problem.text, effort: 0.6 });
      const outcome = await settled;
      const session = counter.byMethod();
      console.log(`rpc calls per session: ${counter.total()} (${breakdownLine(session)})`);
      assert.equal(outcome.rounds.length, ROUNDS);
      assert.ok(counter.total() <= BUDGET, `${counter.total()} calls: ${breakdownLine(session)}`);
      // One transaction per round: the settlement goes with the last round's record.
      assert.equal(session.eth_sendRawTransaction, ROUNDS, breakdownLine(session));
      // Off the session's path (counted apart), the royalties are still credited.
      const { txHashes } = await outcome.royalties;
      console.log(`royalty distribution, after the session: ${counter.total("royalties")} (${breakdownLine(counter.byMethod("royalties"))})`);
      // Every agent's claim in one transaction (Sessions.multicall), not one each.
      assert.equal(txHashes.length, 1);
      assert.equal(counter.byMethod("royalties").eth_sendRawTransaction, 1);
      for (const index of stack.panel.keys()) {
        const done = await stack.clients.publicClient.readContract({
          address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "royaltyDistributed", args: [sessionId, BigInt(index)],
        });
        assert.equal(done, true, `agent ${index}'s royalty credited`);
      }
    } finally {
      await worker.stop();
    }
  });
});

// The session path's writes batched on a real hardhat node: rounds of different sessions that are
// ready while the previous transaction is being sent go out together in one Sessions.multicall;
// a batch with a refused call is sent again call by call, so each caller hears its own result.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, stringToBytes, toFunctionSelector, getAbiItem, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { parseRecordRoundCall } from "@concord/agent-sdk/protocol";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms, recordRound } from "@concord/orchestrator/chain/actions/index.ts";
import { revertName } from "@concord/orchestrator/chain/write-contract.ts";
import { signedBallot } from "../support/relay-ballots.ts";

const MULTICALL = toFunctionSelector(getAbiItem({ abi: sessionsAbi, name: "multicall" }));

describe("batched writes on a live devnet", () => {
  let stack: LocalStack;
  const agentKeys: Hex[] = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  let created = 0;

  before(async () => {
    stack = await startLocalStack({ agentKeys });
  });
  after(async () => {
    await stack?.stop();
  });

  async function session() {
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter, taskHash: keccak256(stringToBytes(`batched ${++created}`)),
      agentIds: stack.panel.map((a) => a.agentId), orchestrator: stack.orchestrator.account.address, maxRounds: 2, bounty: parseEther("1"),
    });
    return sessionId;
  }

  /** Records round 1 of `sessionId`, every agent attesting (as the orchestrator's outbox does). */
  async function record(sessionId: bigint) {
    const hashes = [1, 2, 3].map((n) => keccak256(stringToBytes(`session ${sessionId} proposal ${n}`)));
    const contract = { chainId: stack.deployment.chainId, address: stack.deployment.contracts.Sessions };
    const attestations = await Promise.all([0, 1, 2].map((agent) => signedBallot(contract, privateKeyToAccount(agentKeys[agent]!), sessionId, 1, agent, hashes)));
    const roundTerms = await readRoundTerms(stack.chain, { sessionId });
    const send = () => recordRound(stack.chain, { wallet: stack.orchestrator, sessionId, round: 1, attestations, roundTerms });
    return Object.assign(send, { hashes });
  }

  const inputOf = async (hash: Hex) => (await stack.clients.publicClient.getTransaction({ hash })).input;

  it("sends rounds that are ready together in one multicall, each caller getting its own round's outcome", { timeout: 30_000 }, async () => {
    const ids = [await session(), await session(), await session()];
    const sends = await Promise.all(ids.map(record));
    // Started in one turn: the first goes alone, the two that wait for it share a transaction.
    const results = await Promise.all(sends.map((send) => send()));
    results.forEach((r, i) => assert.ok(sends[i]!.hashes.includes(r.recorded.winnerProposalHash), `session ${ids[i]} got its own round's outcome`));
    assert.ok(results.every((r) => r.recorded.round === 1 && r.present === 7n));
    assert.notEqual(results[0]!.txHash, results[1]!.txHash);
    assert.equal(results[1]!.txHash, results[2]!.txHash, "the waiting rounds went in one transaction");
    assert.equal(parseRecordRoundCall(await inputOf(results[0]!.txHash))?.sessionId, ids[0], "the first went alone, as recordRound");
    assert.ok((await inputOf(results[1]!.txHash)).startsWith(MULTICALL), "the shared transaction is Sessions.multicall");
    for (const id of ids) {
      const s = await stack.clients.publicClient.readContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSession", args: [id] });
      assert.equal(s.roundsRecorded, 1);
    }
  });

  it("sends a batch with a refused round again call by call: the refused caller hears its error, the others are recorded", { timeout: 30_000 }, async () => {
    const [done, fresh, blocker] = [await session(), await session(), await session()];
    const again = await record(done);
    await again();
    const sends = [await record(blocker), again, await record(fresh)];
    const [first, refused, recorded] = (await Promise.allSettled(sends.map((send) => send()))) as [
      PromiseSettledResult<unknown>, PromiseSettledResult<unknown>, PromiseSettledResult<{ txHash: Hex }>,
    ];
    assert.equal(first.status, "fulfilled");
    assert.equal(refused.status, "rejected");
    assert.equal(refused.status === "rejected" && revertName(refused.reason), "RoundAlreadyRecorded");
    assert.equal(recorded.status, "fulfilled");
    if (recorded.status !== "fulfilled") return;
    assert.equal(parseRecordRoundCall(await inputOf(recorded.value.txHash))?.sessionId, fresh, "recorded by its own transaction after the batch failed");
  });
});

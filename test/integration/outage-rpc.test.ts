// The JSON-RPC node unreachable, then stalling, mid-session, behind a proxy the test controls:
// the orchestrator waits it out and the session settles once, each transaction sent once, even
// the one whose answer the proxy dropped after the node had taken it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, parseTransaction, stringToBytes, type Hex } from "viem";
import { getRoundRecordedLogs, getSessionSettledLogs } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startDevnet, startLocalStack, ROLES, type Devnet, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { connectChain, devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { trackLiveness } from "@concord/orchestrator/nats/liveness.ts";
import { startRpcProxy, type RpcProxy } from "../support/rpc-proxy.ts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { revertName } from "@concord/orchestrator/chain/write-contract.ts";

const ROUNDS = 2;

describe("a JSON-RPC outage mid-session", () => {
  let stack: LocalStack;
  let proxy: RpcProxy;

  before(async () => {
    stack = await startLocalStack();
    proxy = await startRpcProxy(stack.evm.rpcUrl);
  });
  after(async () => {
    await proxy?.close();
    await stack?.stop();
  });

  it("is waited out: the session settles once and every transaction is sent once", { timeout: 60_000 }, async () => {
    // The orchestrator reaches the node only through the proxy, waiting out what it does.
    const retried: string[] = [];
    const clients = await connectChain(proxy.url, { outageMs: 60_000, requestTimeoutMs: 1_000, onRetry: (method) => retried.push(method) });
    const orchestrator = clients.walletFor(devnetAccount(ROLES.orchestrator));
    const chain = { publicClient: clients.publicClient, deployment: stack.deployment };
    const problem = generateWordProblem(seededRandom("outage-rpc"));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, minRounds: ROUNDS, maxRounds: ROUNDS, bounty: parseEther("1"),
    });
    const address = orchestrator.account.address;
    const nonceBefore = await stack.clients.publicClient.getTransactionCount({ address });

    // Mid-session (round 1's tasks are out): the node becomes unreachable; after a few refused
    // requests it stalls until the orchestrator gives up on one; then it answers again, except
    // that the answer to the third transaction (the settlement: rounds are read back on their
    // own after a failed send) is lost after the node took it.
    const tasks = stack.nc.subscribe(`nsed.${sessionId}.task.>`, { max: 1 });
    const outage = (async () => {
      for await (const _ of tasks) proxy.setMode("refuse");
      let refused = 0;
      await proxy.next((e) => e.outcome === "refused" && ++refused === 3);
      proxy.setMode("stall");
      await proxy.next((e) => e.outcome === "abandoned");
      proxy.setMode("pass");
      let sent = 0;
      // Set from the listener itself, so the next transaction cannot slip past.
      await proxy.next((e) => e.method === "eth_sendRawTransaction" && e.outcome === "passed" && ++sent === 2 && (proxy.dropNextResponse(e.method), true));
    })();
    await stack.nc.flush();

    const liveness = trackLiveness(stack.nc);
    const outcome = await runSession(
      { nc: stack.nc, chain, orchestrator, liveness },
      {
        sessionId, task: problem.text, panel: stack.panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 0.6, phaseTimeoutMs: 20_000,
        roundTerms: await readRoundTerms(stack.chain, { sessionId }),
      },
    ).finally(() => liveness.close());
    await outage;
    // Royalties are distributed after the session, off its path: their transactions count too.
    await outcome.royalties;

    assert.equal(outcome.rounds.length, ROUNDS);
    assert.ok(retried.length >= 3, `requests were retried: ${retried.join(", ")}`);
    const dropped = proxy.seen.filter((e) => e.outcome === "dropped-response");
    assert.equal(dropped.length, 1, "the node took a transaction whose answer was lost");
    // The transport sent those same signed bytes again; the node had them already.
    const resent = proxy.seen.filter((e) => e.method === "eth_sendRawTransaction" && rawOf(e.body) === rawOf(dropped[0]!.body));
    assert.ok(resent.length >= 2, "the lost transaction's bytes were sent again");

    const fromBlock = BigInt(stack.deployment.deployedAtBlock);
    const sessions = stack.deployment.contracts.Sessions;
    const recorded = await getRoundRecordedLogs(stack.clients.publicClient, { address: sessions, sessionId, fromBlock });
    assert.deepEqual(recorded.map((e) => e.round), [1, 2], "each round recorded once");
    const settled = await getSessionSettledLogs(stack.clients.publicClient, { address: sessions, sessionId, fromBlock });
    assert.equal(settled.length, 1, "settled once");
    // Every transaction once: each signed transaction has a nonce of its own (none was signed
    // again after a lost answer), and the account used exactly those nonces.
    const signed = [...new Set(proxy.seen.filter((e) => e.method === "eth_sendRawTransaction").map((e) => rawOf(e.body)))];
    const nonces = signed.map((raw) => parseTransaction(raw).nonce!);
    assert.equal(new Set(nonces).size, signed.length, `nonces ${nonces.join(", ")}`);
    const nonceAfter = await stack.clients.publicClient.getTransactionCount({ address });
    assert.equal(nonceAfter - nonceBefore, signed.length);
    assert.ok(signed.length >= ROUNDS + 1, "two rounds and the settlement at least");
  });
});

describe("a patient JSON-RPC client", () => {
  let stack: Devnet;
  let proxy: RpcProxy;

  before(async () => {
    stack = await startDevnet();
    proxy = await startRpcProxy(stack.evm.rpcUrl);
  });
  after(async () => {
    await proxy?.close();
    await stack?.stop();
  });

  it("does not retry a revert: the node's answer is the answer", { timeout: 30_000 }, async () => {
    const clients = await connectChain(proxy.url, { outageMs: 60_000, requestTimeoutMs: 1_000 });
    const calls = () => proxy.seen.filter((e) => e.method === "eth_call").length;
    const before = calls();
    await assert.rejects(
      clients.publicClient.simulateContract({
        address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "settle", args: [999n],
        account: devnetAccount(ROLES.orchestrator),
      }),
      (error) => revertName(error) !== undefined,
    );
    assert.equal(calls() - before, 1, "one eth_call, not retried");
  });
});

function rawOf(body: string): Hex {
  return (JSON.parse(body) as { params: [Hex] }).params[0];
}

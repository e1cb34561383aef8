import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createSessionLogSource } from "@concord/orchestrator/web/session-log-source.ts";
import type { Deployment } from "@concord/agent-sdk/protocol";

const deployment: Deployment = {
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  deployedAtBlock: "3",
  contracts: {
    AgentRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    Sessions: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  },
};

const log = (block: number) => ({
  address: deployment.contracts.Sessions, topics: [`0x${"1".repeat(64)}`], data: "0x",
  blockNumber: `0x${block.toString(16)}`, blockHash: `0x${"2".repeat(64)}`, transactionHash: `0x${"3".repeat(64)}`,
  transactionIndex: "0x0", logIndex: "0x0", removed: false,
});

type Call = { method: string; params?: unknown };
/** A node stand-in: `head` is the chain's height, `logsIn(from, to)` its logs; every call is recorded. */
function node(state: { head: number; logsIn: (from: number, to: number) => unknown; fail?: boolean; hang?: boolean }) {
  const calls: Call[] = [];
  const request = async ({ method, params }: Call): Promise<unknown> => {
    calls.push({ method, params });
    if (state.hang) return new Promise(() => {});
    if (state.fail) throw new Error("node down");
    if (method === "eth_blockNumber") return `0x${state.head.toString(16)}`;
    const [{ fromBlock, toBlock }] = params as [{ fromBlock: string; toBlock: string }];
    return state.logsIn(Number(fromBlock), Number(toBlock));
  };
  return { calls, client: { request } as never };
}

const logsBetween = (blocks: number[]) => (from: number, to: number) => blocks.filter((b) => b >= from && b <= to).map(log);

describe("orchestrator/web/session-log-source", () => {
  it("reads from the deployment block to the head, then only the blocks after the last one read", async () => {
    const state = { head: 5, logsIn: logsBetween([3, 5, 7, 8]) };
    const { calls, client } = node(state);
    const source = createSessionLogSource(client, deployment);
    const first = await source.read();
    assert.deepEqual({ from: first?.fromBlock, to: first?.toBlock, blocks: first?.logs.map((l) => l.blockNumber) }, { from: "0x3", to: "0x5", blocks: ["0x3", "0x5"] });
    state.head = 8;
    const second = await source.read();
    assert.deepEqual({ from: second?.fromBlock, to: second?.toBlock, blocks: second?.logs.map((l) => l.blockNumber) }, { from: "0x3", to: "0x8", blocks: ["0x3", "0x5", "0x7", "0x8"] });
    const ranges = calls.filter((c) => c.method === "eth_getLogs").map((c) => (c.params as [{ fromBlock: string; toBlock: string; address: string }])[0]);
    assert.deepEqual(ranges.map((r) => [r.fromBlock, r.toBlock]), [["0x3", "0x5"], ["0x6", "0x8"]]);
    assert.ok(ranges.every((r) => r.address === deployment.contracts.Sessions));
    // No new block: no eth_getLogs at all.
    assert.equal((await source.read())?.logs.length, 4);
    assert.equal(calls.filter((c) => c.method === "eth_getLogs").length, 2);
  });

  it("reads again from the deployment block when the chain's head goes back (a restarted devnet)", async () => {
    const state = { head: 9, logsIn: logsBetween([4, 8]) };
    const source = createSessionLogSource(node(state).client, deployment);
    assert.deepEqual((await source.read())?.logs.map((l) => l.blockNumber), ["0x4", "0x8"]);
    state.head = 5;
    state.logsIn = logsBetween([5]);
    const after = await source.read();
    assert.deepEqual({ from: after?.fromBlock, to: after?.toBlock, blocks: after?.logs.map((l) => l.blockNumber) }, { from: "0x3", to: "0x5", blocks: ["0x5"] });
  });

  it("reads a long history in ranges no wider than the limit, keeping each range as it comes", async () => {
    const state = { head: 10, logsIn: logsBetween([3, 6, 10]), hang: false };
    const { calls, client } = node(state);
    const source = createSessionLogSource(client, deployment, { maxBlockRange: 3 });
    assert.deepEqual((await source.read())?.logs.map((l) => l.blockNumber), ["0x3", "0x6", "0xa"]);
    const ranges = calls.filter((c) => c.method === "eth_getLogs").map((c) => (c.params as [{ fromBlock: string; toBlock: string }])[0]);
    assert.deepEqual(ranges.map((r) => [r.fromBlock, r.toBlock]), [["0x3", "0x5"], ["0x6", "0x8"], ["0x9", "0xa"]]);
  });

  it("serves the ranges read so far when the node stalls in the middle of a long history", async () => {
    let answered = 0;
    const request = async ({ method, params }: Call): Promise<unknown> => {
      if (method === "eth_blockNumber") return "0xa";
      if (answered++ === 1) return new Promise(() => {});
      const [{ fromBlock, toBlock }] = params as [{ fromBlock: string; toBlock: string }];
      return logsBetween([3, 6, 10])(Number(fromBlock), Number(toBlock));
    };
    const source = createSessionLogSource({ request } as never, deployment, { maxBlockRange: 3, timeoutMs: 20 });
    const partial = await source.read();
    assert.deepEqual({ to: partial?.toBlock, blocks: partial?.logs.map((l) => l.blockNumber) }, { to: "0x5", blocks: ["0x3"] });
  });

  it("shares one read between concurrent page loads", async () => {
    const { calls, client } = node({ head: 4, logsIn: logsBetween([4]) });
    const source = createSessionLogSource(client, deployment);
    const [a, b, c] = await Promise.all([source.read(), source.read(), source.read()]);
    assert.equal(calls.filter((x) => x.method === "eth_blockNumber").length, 1);
    assert.deepEqual([a?.logs.length, b?.logs.length, c?.logs.length], [1, 1, 1]);
  });

  it("gives no snapshot while the node fails, and reads again once it answers", async () => {
    const state = { head: 4, logsIn: logsBetween([4]), fail: true };
    const source = createSessionLogSource(node(state).client, deployment);
    assert.equal(await source.read(), undefined);
    state.fail = false;
    assert.equal((await source.read())?.logs.length, 1);
  });

  it("does not hold the page on a node that hangs: no snapshot the first time, the last one read after", async () => {
    const state = { head: 4, logsIn: logsBetween([4]), hang: false };
    const source = createSessionLogSource(node(state).client, deployment, { timeoutMs: 20 });
    assert.equal((await source.read())?.toBlock, "0x4");
    state.hang = true;
    state.head = 9;
    assert.equal((await source.read())?.toBlock, "0x4");
    const hanging = createSessionLogSource(node({ ...state }).client, deployment, { timeoutMs: 20 });
    assert.equal(await hanging.read(), undefined);
  });

  it("stops inlining, and reading, once the logs outgrow the limit", async () => {
    const { calls, client } = node({ head: 10, logsIn: logsBetween([3, 4, 5, 6, 7, 8, 9, 10]) });
    const source = createSessionLogSource(client, deployment, { maxBytes: 1000 });
    assert.equal(await source.read(), undefined);
    assert.equal(await source.read(), undefined);
    assert.equal(calls.length, 2, "one eth_blockNumber and one eth_getLogs, then nothing");
  });

  it("refuses an eth_getLogs answer that is not a list", async () => {
    const source = createSessionLogSource(node({ head: 4, logsIn: () => "0x7a69" }).client, deployment);
    assert.equal(await source.read(), undefined);
  });
});

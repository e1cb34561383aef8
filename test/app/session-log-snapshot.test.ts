import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeAbiParameters, encodeEventTopics, numberToHex, parseEther, zeroAddress, type Address, type Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { ConcordError, taskFamilyId, type RpcLogJson, type SessionLogSnapshot } from "@concord/agent-sdk/protocol";
import { inlineSessionIndex, readInlineSessionLogs } from "@concord/app/lib/inline-session-logs.ts";
import { sessionIndexFromSnapshot } from "@concord/app/lib/session-index-query.ts";
import { devnetDeployment } from "../support/deployment-fixture.ts";

const deployment = devnetDeployment;
const alice: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const winner: Hex = `0x${"ab".repeat(32)}`;

type SessionsEvent = Extract<(typeof sessionsAbi)[number], { type: "event" }>;

/** A log as eth_getLogs returns it, encoded from the Sessions ABI (indexed args in topics, the rest in data). */
function rpcLog(eventName: SessionsEvent["name"], args: Record<string, unknown>, block: number, logIndex = 0): RpcLogJson {
  const event = sessionsAbi.find((item): item is SessionsEvent => item.type === "event" && item.name === eventName)!;
  const indexed = Object.fromEntries(event.inputs.filter((i) => i.indexed).map((i) => [i.name, args[i.name!]]));
  const rest = event.inputs.filter((i) => !i.indexed);
  return {
    address: deployment.contracts.Sessions.toLowerCase(),
    topics: encodeEventTopics({ abi: sessionsAbi, eventName, args: indexed } as never) as Hex[],
    data: encodeAbiParameters(rest, rest.map((i) => args[i.name!]) as never),
    blockNumber: numberToHex(block), blockHash: `0x${"1".repeat(64)}`, transactionHash: `0x${"2".repeat(64)}`,
    transactionIndex: "0x0", logIndex: numberToHex(logIndex), removed: false,
  };
}

const created = rpcLog("SessionCreated", {
  sessionId: 7n, submitter: alice, orchestrator: alice,
  params: { token: zeroAddress, bounty: parseEther("2"), taskHash: winner, taskURI: "data:,two+plus+two", agentIds: [1n, 2n, 3n], orchestrator: alice, minRounds: 1, maxRounds: 3, voteCredits: 100, deadline: 999n, absenceGrace: 30, taskFamily: taskFamilyId("arith") },
  fee: 0n,
  splitHashes: [winner, winner, winner],
}, 4);
const round = (n: number, winnerIndex: number, block: number) =>
  rpcLog("RoundRecorded", { sessionId: 7n, round: n, winnerProposalHash: winner, outcome: (BigInt(winnerIndex) << 170n) | (0b111n << 160n) }, block);

describe("app/lib the inlined Sessions logs", () => {
  it("decode into the index a scan of the same logs would build, complete up to toBlock", () => {
    const foreign: RpcLogJson = { ...round(1, 0, 5), topics: [`0x${"9".repeat(64)}`] };
    const snapshot: SessionLogSnapshot = { address: deployment.contracts.Sessions, fromBlock: "0x1", toBlock: "0xc", logs: [created, round(1, 0, 5), foreign, round(2, 2, 6)] };
    const index = sessionIndexFromSnapshot(snapshot, deployment);
    assert.equal(index?.scannedTo, 12n);
    const session = index?.sessions.get(7n);
    assert.deepEqual(
      { bounty: session?.bounty, agents: session?.agentIds, rounds: session?.roundsRecorded, status: session?.status, leader: session?.leader?.agentId, task: session?.taskURI, block: session?.createdAtBlock, family: session?.taskFamily },
      { bounty: parseEther("2"), agents: [1n, 2n, 3n], rounds: 2, status: "Open", leader: 3n, task: "data:,two+plus+two", block: 4n, family: taskFamilyId("arith") },
    );
    assert.equal(index?.sessions.size, 1, "a log no Sessions event matches is left out");
  });

  it("carry a SessionFailed into the index: the session reads Failed, with its reason and transaction", () => {
    const failed = rpcLog("SessionFailed", { sessionId: 7n, reason: "agents declined", declined: 0b110n, refunded: false }, 5);
    const snapshot: SessionLogSnapshot = { address: deployment.contracts.Sessions, fromBlock: "0x1", toBlock: "0x5", logs: [created, failed] };
    const session = sessionIndexFromSnapshot(snapshot, deployment)?.sessions.get(7n);
    assert.equal(session?.failureClaimed, true);
    assert.deepEqual(session?.failure, { reason: "agents declined", declined: 0b110n, refunded: false, txHash: `0x${"2".repeat(64)}` });
  });

  it("are ignored when they come from another Sessions contract", () => {
    assert.equal(sessionIndexFromSnapshot({ address: alice, fromBlock: "0x1", toBlock: "0x2", logs: [] }, deployment), undefined);
  });

  it("with no sessions still say how far the chain was read", () => {
    assert.equal(sessionIndexFromSnapshot({ address: deployment.contracts.Sessions, fromBlock: "0x1", toBlock: "0x2", logs: [] }, deployment)?.scannedTo, 2n);
  });

  it("are read from the page's script element, and refused with a clear error when malformed", () => {
    assert.equal(readInlineSessionLogs(undefined), undefined);
    assert.equal(readInlineSessionLogs("  "), undefined);
    const ok = readInlineSessionLogs(JSON.stringify({ address: deployment.contracts.Sessions, fromBlock: "0x1", toBlock: "0x4", logs: [created] }));
    assert.equal(ok?.logs[0]?.data, created.data);
    assert.throws(() => readInlineSessionLogs("{not json"), (e: unknown) => e instanceof ConcordError && /not JSON/.test(e.message));
    assert.throws(
      () => readInlineSessionLogs(JSON.stringify({ address: deployment.contracts.Sessions, fromBlock: "0x1", toBlock: "12", logs: [{ ...created, data: "zz" }] })),
      (e: unknown) => e instanceof ConcordError && e.code === "CONFIG_INVALID" && /toBlock/.test(e.message) && /logs\.0\.data/.test(e.message),
    );
  });

  it("seed the page's index, or nothing (and a warning) when they are bad, so the page scans itself", () => {
    const warnings: string[] = [];
    const warn = (message: string, error: unknown) => void warnings.push(`${message} ${error instanceof Error ? error.message : String(error)}`);
    const text = JSON.stringify({ address: deployment.contracts.Sessions, fromBlock: "0x1", toBlock: "0x9", logs: [created] });
    assert.equal(inlineSessionIndex(text, deployment, warn)?.sessions.get(7n)?.taskURI, "data:,two+plus+two");
    assert.equal(inlineSessionIndex(undefined, deployment, warn), undefined);
    assert.deepEqual(warnings, []);
    assert.equal(inlineSessionIndex("{oops", deployment, warn), undefined);
    assert.match(warnings.join("\n"), /ignoring the inlined Sessions logs: .*the inline Sessions logs are not JSON/);
  });
});

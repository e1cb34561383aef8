import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseEther, zeroAddress, type Address, type Hex } from "viem";
import { applySessionLogs, emptySessionIndex, filterSessions, paginate, type SessionLog } from "@concord/app/lib/session-index.ts";
import { parseSessionQuery, formatSessionQuery, toSessionFilter } from "@concord/app/lib/session-filters.ts";
import { describeTask, formatBounty, roundAmountText, sessionStatusLabel, toSessionRow } from "@concord/app/lib/sessions.ts";
import { MAX_INLINE_TASK_URI_BYTES, taskDataUri, taskFamilyId, taskFromDataUri } from "@concord/agent-sdk/protocol";
import { formatEth, shortHash } from "@concord/app/lib/format.ts";
import { withQuery } from "@concord/app/lib/routes.ts";

const zero: Hex = `0x${"0".repeat(64)}`;
const winnerHash: Hex = `0xabcdef${"1".repeat(54)}9876`;
const alice: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const bob: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const token: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

function created(id: bigint, submitter: Address, agentIds: bigint[], block = 1n, over: Partial<{ token: Address; bounty: bigint; taskURI: string; taskFamily: Hex }> = {}): SessionLog {
  return {
    eventName: "SessionCreated", blockNumber: block,
    args: {
      sessionId: id, submitter, orchestrator: alice,
      params: {
        token: over.token ?? zeroAddress, bounty: over.bounty ?? parseEther("1"), taskHash: winnerHash, taskURI: over.taskURI ?? "",
        agentIds, minRounds: 1, maxRounds: 3, deadline: 100n, ...(over.taskFamily ? { taskFamily: over.taskFamily } : {}),
      },
      splitHashes: agentIds.map(() => zero),
    },
  };
}
/** A RoundRecorded log whose packed outcome names agent index `winnerIndex` (bits 170..174). */
function recorded(id: bigint, round: number, winnerIndex: number, hash: Hex = winnerHash): SessionLog {
  return { eventName: "RoundRecorded", blockNumber: 2n, args: { sessionId: id, round, winnerProposalHash: hash, outcome: (BigInt(winnerIndex) << 170n) | (0b111n << 160n) } };
}

describe("app/lib/session-index", () => {
  const index = applySessionLogs(emptySessionIndex, [
    created(1n, alice, [1n, 2n, 3n]),
    created(2n, bob, [2n, 3n], 1n, { token, bounty: 5n }),
    created(3n, alice, [1n, 3n]),
    recorded(1n, 1, 0),
    recorded(1n, 2, 2),
    { eventName: "SessionSettled", blockNumber: 3n, args: { sessionId: 1n, winnerAgentId: 3n, payouts: [1n, 2n, 3n] } },
    { eventName: "SessionRefunded", blockNumber: 3n, args: { sessionId: 2n } },
  ], 3n);

  it("derives status, rounds and the last round's winner from the events", () => {
    const s1 = index.sessions.get(1n)!;
    assert.equal(s1.status, "Settled");
    assert.equal(s1.roundsRecorded, 2);
    assert.deepEqual(s1.leader, { agentId: 3n, proposalHash: winnerHash });
    assert.equal(index.sessions.get(2n)!.status, "Refunded");
    assert.equal(index.sessions.get(3n)!.status, "Open");
    assert.equal(index.sessions.get(3n)!.leader, null);
    assert.deepEqual([...s1.roundWinners], [[1, 0], [2, 2]]);
    assert.deepEqual(s1.payouts, [1n, 2n, 3n]);
    assert.equal(s1.winnerAgentId, 3n);
    assert.equal(index.scannedTo, 3n);
  });

  it("extends an index with later logs without touching the earlier ones", () => {
    const later = applySessionLogs(index, [recorded(3n, 1, 1)], 4n);
    assert.deepEqual(later.sessions.get(3n)!.leader, { agentId: 3n, proposalHash: winnerHash });
    assert.equal(later.sessions.get(3n)!.roundsRecorded, 1);
    assert.equal(index.sessions.get(3n)!.roundsRecorded, 0, "the earlier index is not mutated");
    assert.equal(later.scannedTo, 4n);
  });

  it("keeps the latest round's winner as leader whatever order rounds arrive in, and marks distributed royalties", () => {
    const later = applySessionLogs(index, [recorded(3n, 2, 1), recorded(3n, 1, 0, zero),
      { eventName: "RoyaltyDistributed", blockNumber: 5n, args: { sessionId: 3n, agentIndex: 1n } }], 5n);
    const s3 = later.sessions.get(3n)!;
    assert.deepEqual(s3.leader, { agentId: 3n, proposalHash: winnerHash });
    assert.deepEqual([...s3.roundWinners].sort(), [[1, 0], [2, 1]]);
    assert.deepEqual([...s3.distributed], [1]);
  });

  it("ignores logs of sessions it never saw created", () => {
    const same = applySessionLogs(index, [recorded(9n, 1, 0)], 5n);
    assert.equal(same.sessions.has(9n), false);
  });

  it("filters by status, submitter (any case), agent and token, newest first", () => {
    const ids = (f: Parameters<typeof filterSessions>[1]) => filterSessions(index, f).map((s) => s.id);
    assert.deepEqual(ids({}), [3n, 2n, 1n]);
    assert.deepEqual(ids({ status: "Open" }), [3n]);
    assert.deepEqual(ids({ submitter: alice.toLowerCase() as Address }), [3n, 1n]);
    assert.deepEqual(ids({ agentId: 2n }), [2n, 1n]);
    assert.deepEqual(ids({ token: zeroAddress }), [3n, 1n]);
    assert.deepEqual(ids({ token, status: "Refunded" }), [2n]);
    assert.deepEqual(ids({ agentId: 7n }), []);
  });

  it("pages and clamps the page number", () => {
    const items = Array.from({ length: 45 }, (_, i) => i);
    assert.deepEqual(paginate(items, 3, 20), { items: [40, 41, 42, 43, 44], page: 3, pages: 3, total: 45, from: 41, to: 45 });
    assert.equal(paginate(items, 99, 20).page, 3);
    assert.equal(paginate(items, 0, 20).page, 1);
    assert.deepEqual(paginate([], 1, 20), { items: [], page: 1, pages: 1, total: 0, from: 0, to: 0 });
  });
});

describe("app/lib/session-filters", () => {
  it("reads the query string and drops values that do not parse", () => {
    assert.deepEqual(parseSessionQuery(new URLSearchParams("status=Open&agent=2&mine=1&token=eth&page=3")), { status: "Open", agentId: 2n, mine: true, token: "eth", page: 3 });
    assert.deepEqual(parseSessionQuery(new URLSearchParams("status=Nope&agent=x&page=-1&token=0x12")), { status: undefined, agentId: undefined, mine: false, token: undefined, page: 1 });
  });
  it("round-trips through the URL, leaving defaults out", () => {
    const query = parseSessionQuery(new URLSearchParams(`status=Settled&agent=4&token=${token}&page=2`));
    assert.equal(withQuery("/", formatSessionQuery(query)), `/?status=Settled&agent=4&token=${token}&page=2`);
    assert.equal(withQuery("/", formatSessionQuery({ mine: false, page: 1 })), "/");
  });
  it("needs the connected address for 'submitted by me'", () => {
    const mine = parseSessionQuery(new URLSearchParams("mine=1"));
    assert.deepEqual(toSessionFilter(mine, undefined), { needsWallet: true });
    assert.deepEqual(toSessionFilter(mine, bob), { status: undefined, agentId: undefined, submitter: bob, token: undefined });
    assert.equal((toSessionFilter(parseSessionQuery(new URLSearchParams("token=eth")), undefined) as { token?: Address }).token, zeroAddress);
  });
});

describe("app/lib/sessions", () => {
  it("labels Sessions.Status values in declaration order, Unknown past the end", () => {
    assert.deepEqual([0, 1, 2, 3, 4].map(sessionStatusLabel), ["None", "Open", "Settled", "Refunded", "Unknown"]);
  });
  it("shapes an open session: no leader yet", () => {
    const index = applySessionLogs(emptySessionIndex, [created(1n, alice, [1n, 2n, 3n], 1n, { bounty: parseEther("1.5") })], 1n);
    assert.deepEqual(toSessionRow(index.sessions.get(1n)!), {
      id: "1", status: "Open", failureReason: undefined, task: "task 0xabcdef…9876", taskTitle: "task 0xabcdef…9876", taskHashOnly: winnerHash, bounty: "1.5 ETH", bountyExact: "1.5 ETH", agents: "1, 2, 3", agentIds: [1n, 2n, 3n],
      rounds: "0 / 3", winnerAgentId: "—", winnerId: null, winnerProposalHash: "—", winnerProposalHashFull: null,
      createdAtBlock: 1n, ended: undefined,
    });
  });
  it("shapes a settled session with its winner and a short hash", () => {
    const index = applySessionLogs(emptySessionIndex, [created(2n, alice, [4n, 5n]), recorded(2n, 1, 1),
      { eventName: "SessionSettled", blockNumber: 2n, args: { sessionId: 2n, winnerAgentId: 5n, payouts: [1n, 2n] } }], 2n);
    const row = toSessionRow(index.sessions.get(2n)!);
    assert.equal(row.status, "Settled");
    assert.equal(row.winnerAgentId, "5");
    assert.equal(row.winnerProposalHash, "0xabcdef…9876");
    assert.equal(row.winnerProposalHashFull, winnerHash);
    assert.equal(row.createdAtBlock, 1n);
    assert.deepEqual(row.ended, { kind: "settled", block: 2n });
  });
  it("dates a session by the blocks that created it and that settled or refunded it", () => {
    const tx = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;
    const index = applySessionLogs(emptySessionIndex, [
      { ...created(1n, alice, [1n, 2n], 5n), txHash: tx(1) }, created(2n, alice, [1n, 2n], 6n), created(3n, alice, [1n, 2n], 6n),
      recorded(1n, 1, 0),
      { eventName: "SessionSettled", blockNumber: 9n, txHash: tx(2), args: { sessionId: 1n, winnerAgentId: 1n, payouts: [1n, 2n] } },
      { eventName: "SessionRefunded", blockNumber: 11n, txHash: tx(3), args: { sessionId: 2n } },
    ], 11n);
    // And the transactions, for links.
    assert.deepEqual([1n, 2n, 3n].map((id) => [index.sessions.get(id)!.createdTxHash, index.sessions.get(id)!.endedTxHash]), [
      [tx(1), tx(2)], [undefined, tx(3)], [undefined, undefined],
    ]);
    const rows = [1n, 2n, 3n].map((id) => toSessionRow(index.sessions.get(id)!));
    assert.deepEqual(rows.map((r) => [r.createdAtBlock, r.ended]), [
      [5n, { kind: "settled", block: 9n }],
      [6n, { kind: "refunded", block: 11n }],
      [6n, undefined],
    ]);
  });
  it("indexes a session's task family from SessionCreated: zero when it names none", () => {
    const arithmetic = taskFamilyId("arithmetic");
    const index = applySessionLogs(emptySessionIndex, [created(1n, alice, [1n, 2n]), created(2n, alice, [1n, 2n], 1n, { taskFamily: arithmetic })], 1n);
    assert.equal(index.sessions.get(1n)!.taskFamily, zero);
    assert.equal(index.sessions.get(2n)!.taskFamily, arithmetic);
    assert.notEqual(arithmetic, taskFamilyId("sequences"));
    assert.equal(taskFamilyId(""), zero, "an empty name is no family");
    assert.equal(taskFamilyId(undefined), zero);
  });
  it("shows a task carried in a data: URI, shortened, with the whole text as its title", () => {
    assert.equal(describeTask("data:text/plain,What%20is%202%2B2%3F", zero), "What is 2+2?");
    assert.equal(describeTask(`data:text/plain;base64,${Buffer.from("ünï").toString("base64")}`, zero), "ünï");
    assert.equal(describeTask("ipfs://task", zero), "ipfs://task");
    const long = "x".repeat(200);
    const index = applySessionLogs(emptySessionIndex, [created(1n, alice, [1n, 2n], 1n, { taskURI: `data:text/plain,${long}` })], 1n);
    const row = toSessionRow(index.sessions.get(1n)!);
    assert.equal(row.task.length, 80);
    assert.equal(row.taskTitle, long);
    assert.equal(row.taskHashOnly, undefined, "the chain has its text: nothing to look up");
  });
  it("puts a short task on chain as a data: URI that reads back exactly, a long one not at all", () => {
    const task = "Wie viele Brötchen? 12 × 18 − 25, and 100% sure?";
    const uri = taskDataUri(task);
    assert.match(uri, /^data:text\/plain;charset=utf-8,/);
    assert.equal(describeTask(uri, zero), task);
    assert.equal(taskFromDataUri(uri), task);
    assert.equal(taskFromDataUri("ipfs://task"), undefined);
    assert.equal(taskDataUri("x".repeat(MAX_INLINE_TASK_URI_BYTES)), "");
  });
  it("formats an ERC-20 bounty with the listed token's symbol, an unknown one plainly", () => {
    assert.equal(formatBounty(token, 1_500_000n, [{ address: token, symbol: "USDC", decimals: 6 }]), "1.5 USDC");
    assert.equal(formatBounty(token, 7n), "7 units of 0x5FbDB2…");
    assert.equal(formatBounty(zeroAddress, parseEther("2")), "2 ETH");
  });
  it("rounds a bounty for the list and keeps it exact for the hover", () => {
    assert.equal(roundAmountText("0.333333333333333333 ETH"), "0.3333 ETH");
    assert.equal(roundAmountText("7 units of 0x5FbDB2…"), "7 units of 0x5FbDB2…");
  });
});

describe("app/lib/format", () => {
  it("formats wei as exact ETH", () => {
    assert.equal(formatEth(0n), "0 ETH");
    assert.equal(formatEth(333333333333333333n), "0.333333333333333333 ETH");
  });
  it("shortens a hash and hides the zero hash", () => {
    assert.equal(shortHash(winnerHash), "0xabcdef…9876");
    assert.equal(shortHash(zero), null);
  });
});

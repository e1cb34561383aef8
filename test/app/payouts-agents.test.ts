import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeAbiParameters, keccak256, zeroAddress, type Address, type Hex } from "viem";
import { royaltyShares, splitsByHash, type SplitEvent } from "@concord/app/lib/royalty-splits.ts";
import { applySessionLogs, emptySessionIndex, filterSessions, type SessionLog } from "@concord/app/lib/session-index.ts";
import { payoutsFor, refundsFor } from "@concord/app/lib/payouts.ts";
import { agentRows, formatBps, formatRate, reliabilityText, type AgentRecord } from "@concord/app/lib/agents.ts";

const A: Address = "0x00000000000000000000000000000000000000aa";
const B: Address = "0x00000000000000000000000000000000000000bb";
const C: Address = "0x00000000000000000000000000000000000000cc";
const submitter: Address = "0x0000000000000000000000000000000000000099";

function split(agentId: bigint, recipients: Address[], bps: number[]): SplitEvent {
  const splitHash = keccak256(encodeAbiParameters([{ type: "address[]" }, { type: "uint16[]" }], [recipients, bps]));
  return { agentId, splitHash, recipients, bps };
}
const split1 = split(1n, [A, B], [7_000, 3_000]);
const split2 = split(2n, [C], [10_000]);
// One winner bit-packed per round: winnerIndex in bits [176, 184).
const outcome = (winnerIndex: number) => BigInt(winnerIndex) << 170n;

const zeroHash: Hex = `0x${"0".repeat(64)}`;
type Created = { sessionId: bigint; submitter: Address; orchestrator: Address; params: { token: Address; bounty: bigint; agentIds: bigint[]; deadline: bigint | number; minRounds?: number }; splitHashes: Hex[] };
const events: {
  created: Created[]; settled: { sessionId: bigint; winnerAgentId: bigint; payouts: bigint[] }[]; refunded: { sessionId: bigint }[];
  rounds: { sessionId: bigint; round: number; outcome: bigint }[]; distributed: { sessionId: bigint; agentIndex: bigint }[];
} = {
  created: [
    { sessionId: 1n, submitter, orchestrator: A, params: { token: zeroAddress, bounty: 1000n, agentIds: [1n, 2n], deadline: 100 }, splitHashes: [split1.splitHash, split2.splitHash] },
    { sessionId: 2n, submitter, orchestrator: A, params: { token: zeroAddress, bounty: 500n, agentIds: [2n, 1n], deadline: 200n, minRounds: 2 }, splitHashes: [split2.splitHash, split1.splitHash] },
    { sessionId: 3n, submitter: A, orchestrator: A, params: { token: zeroAddress, bounty: 50n, agentIds: [1n, 2n], deadline: 300n }, splitHashes: [split1.splitHash, split2.splitHash] },
  ],
  settled: [{ sessionId: 1n, winnerAgentId: 1n, payouts: [601n, 389n] }],
  refunded: [{ sessionId: 3n }],
  rounds: [
    { sessionId: 1n, round: 1, outcome: outcome(1) },
    { sessionId: 1n, round: 2, outcome: outcome(0) },
    { sessionId: 2n, round: 1, outcome: outcome(1) },
  ],
  distributed: [{ sessionId: 1n, agentIndex: 1n }],
};
/** The same events as the node would return them, in chain order, through the shared index. */
function indexSessions(e: typeof events) {
  const logs: SessionLog[] = [
    ...e.created.map((c): SessionLog => ({
      eventName: "SessionCreated", blockNumber: 1n,
      args: { ...c, params: { ...c.params, deadline: BigInt(c.params.deadline), taskHash: zeroHash, taskURI: "", minRounds: c.params.minRounds ?? 1, maxRounds: 3 } },
    })),
    ...e.rounds.map((r): SessionLog => ({ eventName: "RoundRecorded", blockNumber: 2n, args: { ...r, winnerProposalHash: zeroHash } })),
    ...e.settled.map((x): SessionLog => ({ eventName: "SessionSettled", blockNumber: 3n, args: x })),
    ...e.refunded.map((x): SessionLog => ({ eventName: "SessionRefunded", blockNumber: 3n, args: x })),
    ...e.distributed.map((x): SessionLog => ({ eventName: "RoyaltyDistributed", blockNumber: 4n, args: x })),
  ];
  return filterSessions(applySessionLogs(emptySessionIndex, logs, 4n), {});
}
const sessions = indexSessions(events);
const splits = splitsByHash([split1, split2]);

describe("app/lib/session-index + royalty-splits", () => {
  it("gives each session its status, payouts, round winners and distributed agents, newest first", () => {
    assert.deepEqual(sessions.map((s) => [s.id, s.status]), [[3n, "Refunded"], [2n, "Open"], [1n, "Settled"]]);
    const one = sessions.find((s) => s.id === 1n)!;
    assert.deepEqual(one.payouts, [601n, 389n]);
    assert.deepEqual([...one.roundWinners], [[1, 1], [2, 0]]);
    assert.deepEqual([...one.distributed], [1]);
    assert.equal(one.deadline, 100n);
  });

  it("splits like RoyaltySplit.share: floor for all but the last, which takes the remainder", () => {
    assert.deepEqual(royaltyShares(601n, [7_000, 3_000]), [420n, 181n]);
    assert.deepEqual(royaltyShares(10n, [3_333, 3_333, 3_334]), [3n, 3n, 4n]);
  });
});

describe("app/lib/payouts", () => {
  it("shows a recipient its part of each agent's payout, and which royalties are still undistributed", () => {
    const rows = payoutsFor(B, sessions, splits);
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.equal(row.sessionId, 1n);
    assert.equal(row.yours, 181n);
    assert.equal(row.youSubmitted, false);
    assert.equal(row.settledAtBlock, 3n, "the block of its SessionSettled, for the time it settled");
    assert.deepEqual(row.agents.map((a) => [a.agentId, a.payout, a.distributed]), [[1n, 601n, false], [2n, 389n, true]]);
    assert.deepEqual(row.agents[0]!.shares.map((s) => [s.recipient, s.amount, s.isYou]), [[A, 420n, false], [B, 181n, true]]);
  });

  it("lists a settled session for its submitter too, and nothing for a stranger", () => {
    assert.deepEqual(payoutsFor(submitter, sessions, splits).map((r) => [r.sessionId, r.youSubmitted, r.yours]), [[1n, true, 0n]]);
    assert.deepEqual(payoutsFor("0x0000000000000000000000000000000000000001", sessions, splits), []);
  });

  it("marks an agent whose split hash no event carries as unknown rather than guessing", () => {
    const rows = payoutsFor(C, sessions, splitsByHash([split2]));
    assert.equal(rows[0]!.agents[0]!.split, undefined);
    assert.deepEqual(rows[0]!.agents[0]!.shares, []);
    assert.equal(rows[0]!.yours, 389n);
  });

  it("offers a refund of an open session only once the chain's time is past its deadline", () => {
    assert.deepEqual(refundsFor(submitter, sessions, 200n).map((r) => [r.sessionId, r.refundable]), [[2n, false]]);
    assert.deepEqual(refundsFor(submitter, sessions, 201n).map((r) => [r.sessionId, r.refundable]), [[2n, true]]);
    assert.deepEqual(refundsFor(submitter, sessions, undefined).map((r) => r.refundable), [false]);
    assert.deepEqual(refundsFor(A, sessions, 1_000n), []); // A's session 3 is refunded already
  });

  it("offers no refund of a session that recorded minRounds: it is settled instead", () => {
    const metMinRounds = indexSessions({ ...events, created: events.created.map((c) => ({ ...c, params: { ...c.params, minRounds: 1 } })) });
    assert.deepEqual(refundsFor(submitter, metMinRounds, 201n), []);
  });
});

describe("app/lib/agents", () => {
  const record = (operator: Address, splitHash: Hex): AgentRecord => ({ operator, signer: operator, retired: false, splitHash, modelId: "simulated", metadataURI: "" });
  const rows = agentRows([{ agentId: 1n, record: record(A, split1.splitHash) }, { agentId: 2n, record: record(C, split2.splitHash) }], splits, sessions);

  it("counts sessions joined, rounds won and settled sessions won per agent", () => {
    assert.deepEqual(rows.map((r) => [r.agentId, r.sessionsJoined, r.roundsWon, r.roundsPlayed, r.sessionsWon, r.sessionsSettled, r.winRate]), [
      [1n, 3, 2, 3, 1, 1, 1],
      [2n, 3, 1, 3, 0, 1, 0],
    ]);
  });

  it("shows the current split's recipients and basis points", () => {
    assert.deepEqual(rows[0]!.split, [{ recipient: A, bps: 7_000 }, { recipient: B, bps: 3_000 }]);
    assert.equal(formatBps(7_000), "70 %");
    assert.equal(formatBps(25), "0.25 %");
  });

  it("formats a win rate, and none before a first settled session", () => {
    assert.equal(formatRate(undefined), "—");
    assert.equal(formatRate(1), "100 %");
    assert.equal(formatRate(1 / 3), "33.3 %");
  });

  it("states an agent's reliability as Sessions.history gives it: its weight and the endorsements behind it", () => {
    assert.deepEqual(reliabilityText([0n, 0n, 1n]), { weight: "weight 1 of 15", detail: "no settled session yet: a new agent's votes count once" });
    assert.deepEqual(reliabilityText([1n, 1n, 1n]), { weight: "weight 1 of 15", detail: "its peers endorsed its first answer in 1 of 1 settled session" });
    assert.deepEqual(reliabilityText([40n, 40n, 9n]), { weight: "weight 9 of 15", detail: "its peers endorsed its first answer in 40 of 40 settled sessions" });
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseEther, type Hex } from "viem";
import {
  latestSessionIds,
  sessionStatusLabel,
  sessionStatuses,
  toSessionRow,
  toSessionRows,
  finalProposalHashes,
  type OnChainSession,
} from "../../app/src/lib/sessions.ts";
import { formatEth, shortHash } from "../../app/src/lib/format.ts";

const zero: Hex = `0x${"0".repeat(64)}`;
const winnerHash: Hex = `0xabcdef${"1".repeat(54)}9876`;

const open: OnChainSession = { bounty: parseEther("1.5"), maxRounds: 5, roundsRecorded: 2, status: 1, winnerAgentId: 0n };
const settled: OnChainSession = { bounty: 1n, maxRounds: 3, roundsRecorded: 3, status: 2, winnerAgentId: 4n };

describe("app/lib/sessions", () => {
  describe("sessionStatusLabel", () => {
    it("mirrors Sessions.Status in declaration order", () => {
      assert.deepEqual(sessionStatuses, ["None", "Open", "Settled", "Refunded"]);
      assert.equal(sessionStatusLabel(0), "None");
      assert.equal(sessionStatusLabel(1), "Open");
      assert.equal(sessionStatusLabel(2), "Settled");
    });
    it("labels a value the contract does not define as Unknown", () => {
      assert.equal(sessionStatusLabel(3), "Refunded");
      assert.equal(sessionStatusLabel(4), "Unknown");
    });
  });

  describe("latestSessionIds", () => {
    it("lists ids count..1, newest first", () => {
      assert.deepEqual(latestSessionIds(3n, 50), [3n, 2n, 1n]);
    });
    it("is empty when there are no sessions", () => {
      assert.deepEqual(latestSessionIds(0n, 50), []);
    });
    it("stops at the limit", () => {
      assert.deepEqual(latestSessionIds(100n, 2), [100n, 99n]);
    });
  });

  describe("toSessionRow", () => {
    it("shapes an open session: no winner yet", () => {
      const row = toSessionRow(1n, { status: "success", result: open }, { status: "success", result: [1n, 2n, 3n] });
      assert.deepEqual(row, {
        id: "1",
        status: "Open",
        bounty: "1.5 ETH",
        agents: "1, 2, 3",
        rounds: "2 / 5",
        winnerAgentId: "—",
        winnerProposalHash: "—",
        winnerProposalHashFull: null,
        error: null,
      });
    });
    it("shapes a settled session with its winner and a short hash", () => {
      const row = toSessionRow(2n, { status: "success", result: settled }, { status: "success", result: [4n, 5n] }, winnerHash);
      assert.equal(row.status, "Settled");
      assert.equal(row.bounty, "0.000000000000000001 ETH");
      assert.equal(row.winnerAgentId, "4");
      assert.equal(row.winnerProposalHash, "0xabcdef…9876");
      assert.equal(row.winnerProposalHashFull, winnerHash);
    });
    it("shows no hash for a settled session until its RoundRecorded events are read, nor for an open one", () => {
      assert.equal(toSessionRow(2n, { status: "success", result: settled }, undefined).winnerProposalHashFull, null);
      assert.equal(toSessionRow(1n, { status: "success", result: open }, undefined, winnerHash).winnerProposalHash, "—");
    });
    it("marks a row still loading", () => {
      assert.equal(toSessionRow(1n, undefined, undefined).status, "Loading");
    });
    it("keeps the read error of an unreadable session", () => {
      const row = toSessionRow(1n, { status: "failure", error: new Error("execution reverted") }, undefined);
      assert.equal(row.status, "Unreadable");
      assert.equal(row.error, "execution reverted");
    });
    it("shows the session even when its agent ids fail to read", () => {
      const row = toSessionRow(1n, { status: "success", result: open }, { status: "failure", error: new Error("boom") });
      assert.equal(row.status, "Open");
      assert.equal(row.agents, "—");
      assert.equal(row.error, "boom");
    });
  });

  describe("toSessionRows", () => {
    it("pairs each id with its reads by position", () => {
      const rows = toSessionRows(
        [2n, 1n],
        [{ status: "success", result: settled }, { status: "success", result: open }],
        [{ status: "success", result: [4n] }, { status: "success", result: [1n] }],
      );
      assert.deepEqual(rows.map((r) => [r.id, r.status, r.agents]), [["2", "Settled", "4"], ["1", "Open", "1"]]);
    });
    it("takes each settled session's hash from the final-hash map", () => {
      const rows = toSessionRows([2n], [{ status: "success", result: settled }], undefined, new Map([[2n, winnerHash]]));
      assert.equal(rows[0]!.winnerProposalHashFull, winnerHash);
    });
  });

  describe("finalProposalHashes", () => {
    it("keeps the winner of each session's highest round", () => {
      const other: Hex = `0x${"2".repeat(64)}`;
      const map = finalProposalHashes([
        { sessionId: 1n, round: 2, winnerProposalHash: winnerHash },
        { sessionId: 1n, round: 1, winnerProposalHash: other },
        { sessionId: 2n, round: 1, winnerProposalHash: other },
      ]);
      assert.deepEqual([...map], [[1n, winnerHash], [2n, other]]);
    });
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

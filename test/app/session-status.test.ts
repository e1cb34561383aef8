import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseEther, zeroAddress, type Address, type Hex } from "viem";
import { applySessionLogs, emptySessionIndex, filterSessions, type SessionLog } from "@concord/app/lib/session-index.ts";
import { refundsFor } from "@concord/app/lib/payouts.ts";
import { toSessionRow } from "@concord/app/lib/sessions.ts";
import {
  declinedIndexes, displayStatus, listStatus, refundEligibility, type RefundFacts,
} from "@concord/app/lib/session-status.ts";

const zero: Hex = `0x${"0".repeat(64)}`;
const failTx: Hex = `0x${"f".repeat(64)}`;
const submitter: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const stranger: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

function created(id: bigint, minRounds = 2): SessionLog {
  return {
    eventName: "SessionCreated", blockNumber: 1n,
    args: {
      sessionId: id, submitter, orchestrator: stranger, splitHashes: [zero, zero, zero],
      params: { token: zeroAddress, bounty: parseEther("1"), taskHash: zero, taskURI: "", agentIds: [1n, 2n, 3n], minRounds, maxRounds: 3, deadline: 100n },
    },
  };
}
const failed = (id: bigint, reason: string, declined: bigint, refunded: boolean): SessionLog =>
  ({ eventName: "SessionFailed", blockNumber: 2n, args: { sessionId: id, reason, declined, refunded, txHash: failTx } });
const refunded = (id: bigint): SessionLog => ({ eventName: "SessionRefunded", blockNumber: 3n, args: { sessionId: id } });
const recorded = (id: bigint): SessionLog =>
  ({ eventName: "RoundRecorded", blockNumber: 3n, args: { sessionId: id, round: 1, winnerProposalHash: zero, outcome: 0b111n << 160n } });

describe("app/lib/session-status", () => {
  describe("displayStatus", () => {
    it("reads a standing claim as Failed: refund open while Open, refunded once Refunded", () => {
      assert.equal(displayStatus({ status: "Open", failureClaimed: true }), "Failed (refund open)");
      assert.equal(displayStatus({ status: "Refunded", failureClaimed: true }), "Failed (refunded)");
    });

    it("keeps the chain's status without a claim", () => {
      assert.equal(displayStatus({ status: "Open", failureClaimed: false }), "Open");
      assert.equal(displayStatus({ status: "Refunded", failureClaimed: false }), "Refunded");
      assert.equal(displayStatus({ status: "Settled", failureClaimed: false }), "Settled");
    });

    it("lists both failed kinds under Failed", () => {
      assert.equal(listStatus("Failed (refund open)"), "Failed");
      assert.equal(listStatus("Failed (refunded)"), "Failed");
      assert.equal(listStatus("Open"), "Open");
    });
  });

  it("names the declining agents by the bits of SessionFailed's declined", () => {
    assert.deepEqual(declinedIndexes(0n), []);
    assert.deepEqual(declinedIndexes(0b101n), [0, 2]);
  });

  describe("refundEligibility", () => {
    const open: RefundFacts = { status: "Open", failureClaimed: false, submitter, roundsRecorded: 0, minRounds: 2, deadline: 100n };

    it("lets the submitter refund a claimed failure before the deadline, once the claim's grace has passed", () => {
      const claimed = { ...open, failureClaimed: true, refundAfter: 40n };
      assert.equal(refundEligibility(claimed, submitter, 40n), "grace", "the grace ends after refundAfter, as the chain counts it");
      assert.equal(refundEligibility(claimed, submitter, undefined), "grace", "no clock: not yet");
      assert.equal(refundEligibility(claimed, submitter, 41n), "failure");
      // Where the grace is not known (the payouts list, read from events), the claim is taken as open.
      assert.equal(refundEligibility({ ...open, failureClaimed: true }, submitter, 50n), "failure");
    });

    it("otherwise only after the chain's time passes the deadline", () => {
      assert.equal(refundEligibility(open, submitter, 100n), "later");
      assert.equal(refundEligibility(open, submitter, 101n), "deadline");
    });

    it("offers nothing to another wallet, none connected, or a session no longer open", () => {
      assert.equal(refundEligibility({ ...open, failureClaimed: true }, stranger, 500n), undefined);
      assert.equal(refundEligibility({ ...open, failureClaimed: true }, undefined, 500n), undefined);
      assert.equal(refundEligibility({ ...open, status: "Refunded", failureClaimed: true }, submitter, 500n), undefined);
      assert.equal(refundEligibility({ ...open, roundsRecorded: 2 }, submitter, 500n), undefined);
    });
  });
});

describe("app/lib/session-index with SessionFailed", () => {
  const index = applySessionLogs(emptySessionIndex, [
    created(1n), created(2n), created(3n), created(4n),
    failed(1n, "too few agents answered", 0n, false),
    failed(2n, "agents declined", 0b11n, true), refunded(2n),
    failed(3n, "stalled", 0n, false), recorded(3n),
  ], 3n);
  const s = (id: bigint) => index.sessions.get(id)!;

  it("keeps the last failure with its reason, declines and transaction while the claim stands", () => {
    assert.equal(displayStatus(s(1n)), "Failed (refund open)");
    assert.deepEqual(s(1n).failure, { reason: "too few agents answered", declined: 0n, refunded: false, txHash: failTx });
    assert.equal(displayStatus(s(2n)), "Failed (refunded)");
    assert.equal(s(2n).failure?.declined, 0b11n);
  });

  it("drops a claim that a later recorded round withdrew, as the contract does", () => {
    assert.equal(s(3n).failureClaimed, false);
    assert.equal(s(3n).failure, undefined);
    assert.equal(displayStatus(s(3n)), "Open");
  });

  it("shows the row as Failed with its reason, and filters Failed apart from Open", () => {
    const row = toSessionRow(s(1n));
    assert.equal(row.status, "Failed (refund open)");
    assert.equal(row.failureReason, "too few agents answered");
    assert.equal(toSessionRow(s(4n)).failureReason, undefined);
    assert.deepEqual(filterSessions(index, { status: "Failed" }).map((x) => x.id), [2n, 1n]);
    assert.deepEqual(filterSessions(index, { status: "Open" }).map((x) => x.id), [4n, 3n]);
  });

  it("offers the submitter the claimed failure's refund before the deadline, with its reason", () => {
    const rows = refundsFor(submitter, filterSessions(index, {}), 50n);
    assert.deepEqual(rows.map((r) => [r.sessionId, r.refundable, r.failureReason]), [
      [4n, false, undefined], [3n, false, undefined], [1n, true, "too few agents answered"],
    ]);
    assert.deepEqual(refundsFor(stranger, filterSessions(index, {}), 500n), []);
  });
});

// An agent's signed decline: which failures carry one, that it recovers to the agent's key for
// exactly its session, that the failure result keeps it on the wire (and older results without it
// still decode), and the packed form Sessions.failSession takes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildFailedResult, declinesSession } from "@concord/agent-sdk/agent";
import {
  ConcordError, declinesRefund, decodeMessage, encodeMessage, failedResult, failureReason, MAX_FAILURE_REASON_BYTES, packDeclines,
  recoverDeclineSigner, signDecline,
} from "@concord/agent-sdk/protocol";

const contract = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const account = privateKeyToAccount(generatePrivateKey());
const at = { sessionId: "7", round: 1, phase: "propose" as const };

describe("declines", () => {
  it("a refused or unanswerable propose task carries a decline by the agent's key, for its session only", async () => {
    for (const code of ["AGENT_SKIPPED", "PROVIDER_UNAVAILABLE"] as const) {
      const result = await buildFailedResult("a1", account, contract, at, new ConcordError(code, "no"));
      assert.ok(result.decline, code);
      assert.equal(await recoverDeclineSigner(contract, 7n, result.decline), account.address);
      assert.notEqual(await recoverDeclineSigner(contract, 8n, result.decline), account.address);
    }
  });

  it("other failures, and failures after proposing, carry none", async () => {
    const propose = { phase: "propose" as const, round: 1 };
    assert.equal(declinesSession(propose, new ConcordError("PROVIDER_UNAVAILABLE", "down")), true);
    assert.equal(declinesSession(propose, new ConcordError("PROVIDER_TIMEOUT", "slow")), false);
    // A decline names the session, not the round: one signed in round 2, after the agent worked in
    // round 1, would stay usable to fail the session it went on to work in.
    assert.equal(declinesSession({ ...propose, round: 2 }, new ConcordError("PROVIDER_UNAVAILABLE", "down")), false);
    assert.equal(declinesSession({ ...propose, round: 2 }, new ConcordError("AGENT_SKIPPED", "no")), false);
    // Benched is the SDK's own guess from earlier failures, which whoever sends the agent tasks can
    // provoke (three tasks already past their deadline): it never signs away a session.
    assert.equal(declinesSession(propose, new ConcordError("PROVIDER_BENCHED", "benched for another 30 s")), false);
    assert.equal(declinesSession(propose, new Error("boom")), false);
    assert.equal(declinesSession({ ...propose, phase: "evaluate" }, new ConcordError("AGENT_SKIPPED", "no")), false);
    const result = await buildFailedResult("a1", account, contract, { ...at, phase: "evaluate" }, new ConcordError("PROVIDER_UNAVAILABLE", "down"));
    assert.equal(result.decline, undefined);
    assert.equal(result.reason, "PROVIDER_UNAVAILABLE: down");
  });

  it("the failure result keeps its decline on the wire; one without it still decodes", async () => {
    const result = await buildFailedResult("a1", account, contract, at, new ConcordError("AGENT_SKIPPED", "not my field"));
    assert.deepEqual(decodeMessage(failedResult, encodeMessage(failedResult, result)), result);
    const legacy = { sessionId: "7", round: 1, agent: "a1", reason: "x" };
    assert.deepEqual(decodeMessage(failedResult, new TextEncoder().encode(JSON.stringify(legacy))), legacy);
    assert.throws(() => decodeMessage(failedResult, new TextEncoder().encode(JSON.stringify({ ...legacy, decline: "0x1234" }))));
  });

  it("packs 66 bytes per decline: the agent index, then r ‖ s ‖ v", async () => {
    const signature = await signDecline(account, contract, 7n);
    const packed = packDeclines([{ agentIndex: 4, signature }, { agentIndex: 0, signature }]);
    assert.equal(packed, `0x04${signature.slice(2)}00${signature.slice(2)}`);
    assert.throws(() => packDeclines([{ agentIndex: 0, signature: "0x1234" }]), /65-byte/);
  });

  it("declines refund when the agents left are fewer than a round needs", () => {
    assert.deepEqual([2, 3, 4, 5, 10].map((n) => Array.from({ length: n + 1 }, (_, k) => declinesRefund(n, k)).indexOf(true)), [1, 2, 2, 3, 5]);
  });

  it("cuts a failure reason to the bytes failSession takes, never inside a character", () => {
    const bytes = (t: string) => new TextEncoder().encode(t).length;
    assert.equal(failureReason("short"), "short");
    const exact = "x".repeat(MAX_FAILURE_REASON_BYTES);
    assert.equal(failureReason(exact), exact);
    for (const long of ["x".repeat(300), "é".repeat(200), "😀".repeat(100)]) {
      const cut = failureReason(long);
      assert.ok(bytes(cut) <= MAX_FAILURE_REASON_BYTES && bytes(cut) > MAX_FAILURE_REASON_BYTES - 5, `${bytes(cut)} bytes`);
      assert.ok(cut.endsWith("…") && long.startsWith(cut.slice(0, -1)));
    }
  });
});

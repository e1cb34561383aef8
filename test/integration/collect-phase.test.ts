// Collecting a phase's answers on a real nats-server: bad input (malformed, unsigned, forged,
// foreign, replayed, equivocating) is rejected with a counted reason and never ends the loop; a
// late agent is reported missing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import type { LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  ConcordError, decodeMessage, encodeMessage, failedResult, heartbeat, MAX_RESULT_BYTES, SIGNATURE_HEADER, signPayload, subjects,
} from "@concord/agent-sdk/protocol";
import { startNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { natsForSuite } from "../support/nats-for-suite.ts";
import { MAX_LISTED_REJECTIONS, MAX_SIGNED_REFUSALS, openPhase } from "@concord/orchestrator/rounds/collect-phase.ts";
import { refusedReason } from "@concord/orchestrator/rounds/close-phase.ts";
import { listenForLateResults, type LateRejection, MAX_HELD_WHILE_CLOSING, MAX_LATE_SCREENED } from "@concord/orchestrator/rounds/late-results.ts";

const encoder = new TextEncoder();

describe("openPhase on a real nats-server", () => {
  let nc: NatsConnection;
  const keys = { a: privateKeyToAccount(generatePrivateKey()), b: privateKeyToAccount(generatePrivateKey()), c: privateKeyToAccount(generatePrivateKey()), late: privateKeyToAccount(generatePrivateKey()) };
  const signers = (...names: (keyof typeof keys)[]) => new Map(names.map((n) => [n, keys[n].address] as const));

  natsForSuite((_server, c) => (nc = c));

  /** Publishes `data` on `subject` signed by `account` (or unsigned). */
  async function send(subject: string, data: Uint8Array, account?: LocalAccount) {
    const h = headers();
    if (account) h.set(SIGNATURE_HEADER, await signPayload(account, data));
    nc.publish(subject, data, { headers: h });
  }
  const json = (value: unknown) => encoder.encode(JSON.stringify(value));

  // A stand-in decoder: any JSON payload with { ok: true } is an answer; the rest is rejected.
  const accept = (_agent: string, data: Uint8Array) => {
    const value = JSON.parse(new TextDecoder().decode(data)) as { ok?: boolean };
    if (value.ok !== true) throw new Error("not ok");
    return value;
  };

  it("rejects malformed, unsigned, forged, foreign and replayed answers with reasons, and collects the good ones", async () => {
    const phase = openPhase({ nc, sessionId: "10", round: 1, phase: "propose", signers: signers("a", "b"), deadline: Date.now() + 30_000, accept });
    await send(subjects.result("10", 1, "a", "propose"), encoder.encode("{broken"), keys.a);
    await send(subjects.result("10", 1, "mallory", "propose"), json({ ok: true }), keys.a);
    await send(subjects.result("10", 1, "b", "propose"), json({ ok: true }));
    await send(subjects.result("10", 1, "b", "propose"), json({ ok: true }), keys.a);
    await send(subjects.result("10", 1, "a", "propose"), json({ ok: true }), keys.a);
    await send(subjects.result("10", 1, "a", "propose"), json({ ok: true }), keys.a);
    await send(
      subjects.result("10", 1, "b", "propose", "failed"),
      encodeMessage(failedResult, { sessionId: "10", round: 1, agent: "b", reason: "model returned 429" }),
      keys.b,
    );
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["a"]);
    assert.equal(collected.failures.get("b"), "failed: model returned 429");
    const seen = collected.rejected.map((r) => `${r.agent} ${r.kind}`);
    assert.deepEqual(seen, ["a invalid", "mallory foreign", "b signature", "b signature", "a replay"]);
    assert.match(collected.rejected[0]!.reason, /JSON/);
    assert.match(collected.rejected[2]!.reason, /missing or malformed Concord-Signature/);
    assert.match(collected.rejected[3]!.reason, new RegExp(`signed by ${keys.a.address}`));
  });

  it("counts an answer whose inner signature is not its author's as a signature refusal, not as invalid", async () => {
    const phase = openPhase({
      nc, sessionId: "16", round: 1, phase: "evaluate", signers: signers("a", "b"), deadline: Date.now() + 30_000,
      accept: (_agent, data) => {
        const value = JSON.parse(new TextDecoder().decode(data)) as { ok?: boolean; ballotBy?: string };
        if (value.ballotBy) throw new ConcordError("INVALID_SIGNATURE", `ballot signed by ${value.ballotBy}`);
        return accept(_agent, data);
      },
    });
    await send(subjects.result("16", 1, "a", "evaluate"), json({ ballotBy: keys.b.address }), keys.a);
    await send(subjects.result("16", 1, "a", "evaluate"), json({ ok: true }), keys.a);
    await send(subjects.result("16", 1, "b", "evaluate"), json({ ok: false }), keys.b);
    await send(subjects.result("16", 1, "b", "evaluate"), json({ ok: true }), keys.b);
    const collected = await phase.done;
    assert.deepEqual(collected.rejected.map((r) => `${r.agent} ${r.kind}`), ["a signature", "b invalid"]);
  });

  it("stops waiting once every agent it still awaits is known to be down, with that reason", async () => {
    let bDown = false;
    const phase = openPhase({
      nc, sessionId: "17", round: 1, phase: "propose", signers: signers("a", "b"), deadline: Date.now() + 60_000, accept,
      downReason: (agent) => (agent === "b" && bDown ? "no heartbeat for 7.0 s" : undefined),
    });
    await send(subjects.result("17", 1, "a", "propose"), json({ ok: true }), keys.a);
    await nc.flush();
    bDown = true;
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["a"]);
    assert.deepEqual(collected.missing, ["b"]);
    assert.equal(collected.failures.get("b"), "down while awaited: no heartbeat for 7.0 s");
  });

  it("takes an explicit skip as the agent's answer: it is out of the phase, not failed", async () => {
    const phase = openPhase({ nc, sessionId: "15", round: 1, phase: "propose", signers: signers("a", "b"), deadline: Date.now() + 30_000, accept });
    await send(
      subjects.result("15", 1, "a", "propose", "skipped"),
      encodeMessage(failedResult, { sessionId: "15", round: 1, agent: "a", reason: "outside my competence" }),
      keys.a,
    );
    await send(subjects.result("15", 1, "b", "propose"), json({ ok: true }), keys.b);
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["b"]);
    assert.equal(collected.failures.get("a"), "skipped: outside my competence");
    assert.deepEqual(collected.rejected, []);
  });

  it("drops a replay of the same signed answer and keeps the first", async () => {
    const phase = openPhase({ nc, sessionId: "13", round: 1, phase: "propose", signers: signers("a", "b"), deadline: Date.now() + 30_000, accept });
    const data = json({ ok: true });
    await send(subjects.result("13", 1, "a", "propose"), data, keys.a);
    await send(subjects.result("13", 1, "a", "propose"), data, keys.a);
    await send(subjects.result("13", 1, "b", "propose"), json({ ok: true }), keys.b);
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()].sort(), ["a", "b"]);
    assert.deepEqual(collected.rejected.map((r) => r.kind), ["replay"]);
  });

  it("discards both answers of an agent that equivocates", async () => {
    const phase = openPhase({ nc, sessionId: "14", round: 1, phase: "evaluate", signers: signers("a", "b"), deadline: Date.now() + 300, accept });
    await send(subjects.result("14", 1, "a", "evaluate"), json({ ok: true, v: 1 }), keys.a);
    await send(subjects.result("14", 1, "a", "evaluate"), json({ ok: true, v: 2 }), keys.a);
    await send(subjects.result("14", 1, "b", "evaluate"), json({ ok: true }), keys.b);
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["b"]);
    assert.equal(collected.failures.get("a"), "equivocation: signed two different answers");
    assert.deepEqual(collected.rejected.map((r) => r.kind), ["equivocation"]);
  });

  it("closes at the deadline and reports a late agent as missing", async () => {
    const phase = openPhase({ nc, sessionId: "11", round: 2, phase: "evaluate", signers: signers("a", "late"), deadline: Date.now() + 300, accept });
    await send(subjects.result("11", 2, "a", "evaluate"), json({ ok: true }), keys.a);
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["a"]);
    assert.deepEqual(collected.missing, ["late"]);
  });

  it("ignores answers for another round or phase", async () => {
    const phase = openPhase({ nc, sessionId: "12", round: 1, phase: "propose", signers: signers("a"), deadline: Date.now() + 30_000, accept });
    await send(subjects.result("12", 2, "a", "propose"), json({ ok: true }), keys.a);
    await send(subjects.result("12", 1, "a", "evaluate"), json({ ok: true }), keys.a);
    await send(subjects.result("12", 1, "a", "propose"), json({ ok: true }), keys.a);
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["a"]);
    assert.equal(collected.rejected.length, 0);
  });

  it("refuses a result larger than MAX_RESULT_BYTES unread, counts it as oversize, and takes the agent's next answer", async () => {
    const phase = openPhase({ nc, sessionId: "17", round: 1, phase: "propose", signers: signers("a"), deadline: Date.now() + 30_000, accept });
    // Valid JSON, correctly signed: only its size is wrong.
    await send(subjects.result("17", 1, "a", "propose"), json({ ok: true, pad: "x".repeat(MAX_RESULT_BYTES) }), keys.a);
    await send(subjects.result("17", 1, "a", "propose"), json({ ok: true }), keys.a);
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["a"]);
    assert.deepEqual(collected.rejected.map((r) => `${r.agent} ${r.kind}`), ["a oversize"]);
    assert.match(collected.rejected[0]!.reason, new RegExp(`more than the ${MAX_RESULT_BYTES} a result may be`));
  });

  it("reads at most MAX_SIGNED_REFUSALS of one agent's junk in a phase, signed or not, lists a bounded few refusals, and counts every one", async () => {
    let reads = 0;
    const phase = openPhase({
      nc, sessionId: "41", round: 1, phase: "propose", signers: signers("a", "b", "c"), deadline: Date.now() + 5_000,
      accept: (agent, data) => {
        reads++;
        return accept(agent, data);
      },
    });
    // One signed junk answer sent again and again (each a parse, were it read), then one varied.
    const junk = json({ ok: false, pad: "x".repeat(10_000) });
    const h = headers();
    h.set(SIGNATURE_HEADER, await signPayload(keys.a, junk));
    for (let i = 0; i < 200; i++) nc.publish(subjects.result("41", 1, "a", "propose"), junk, { headers: h });
    await send(subjects.result("41", 1, "a", "propose"), json({ ok: false, n: 1 }), keys.a);
    // Unsigned junk on c's subject (only c's own NATS user may publish there): each costs a
    // signature check, at most MAX_SIGNED_REFUSALS times; then c's messages are ignored unread.
    for (let i = 0; i < 100; i++) await send(subjects.result("41", 1, "c", "propose"), json({ ok: true, n: i }));
    await send(subjects.result("41", 1, "c", "propose"), json({ ok: true }), keys.c);
    await send(subjects.result("41", 1, "b", "propose"), json({ ok: true }), keys.b);
    await send(subjects.result("41", 1, "a", "propose"), json({ ok: true }), keys.a);
    await nc.flush(); // all of it on the server before the phase's deadline
    const collected = await phase.done;
    assert.equal(reads, MAX_SIGNED_REFUSALS + 1, "a's first junk answers and b's good one were read; the rest of a's were not");
    assert.deepEqual([...collected.answers.keys()], ["b"], "b's answer counts; a's and c's came after their refusals ran out");
    const counted = (agent: string, kind: string) => collected.rejected.filter((r) => r.agent === agent && r.kind === kind).reduce((sum, r) => sum + (r.count ?? 1), 0);
    assert.equal(counted("a", "invalid"), MAX_SIGNED_REFUSALS);
    assert.equal(counted("a", "flood"), 202 - MAX_SIGNED_REFUSALS, "every message counted, listed or not");
    assert.equal(counted("c", "signature"), MAX_SIGNED_REFUSALS);
    assert.equal(counted("c", "flood"), 101 - MAX_SIGNED_REFUSALS);
    assert.ok(collected.rejected.length <= 3 * (MAX_LISTED_REJECTIONS + 2), `${collected.rejected.length} entries listed`);
    assert.match(collected.rejected.find((r) => r.agent === "a" && r.kind === "flood")!.reason, /ignored unread/);
  });

  it("refuses a signed failure that names another session, round or agent than its subject's", async () => {
    const phase = openPhase({ nc, sessionId: "43", round: 2, phase: "evaluate", signers: signers("a"), deadline: Date.now() + 5_000, accept });
    const failure = (sessionId: string, round: number, agent: string) => json({ sessionId, round, agent, reason: "model down" });
    await send(subjects.result("43", 2, "a", "evaluate", "failed"), failure("42", 2, "a"), keys.a);
    await send(subjects.result("43", 2, "a", "evaluate", "failed"), failure("43", 1, "a"), keys.a);
    await send(subjects.result("43", 2, "a", "evaluate", "failed"), failure("43", 2, "b"), keys.a);
    await send(subjects.result("43", 2, "a", "evaluate", "failed"), failure("43", 2, "a"), keys.a);
    const collected = await phase.done;
    assert.deepEqual(collected.rejected.map((r) => `${r.agent} ${r.kind}`), ["a invalid", "a invalid", "a invalid"]);
    assert.match(collected.rejected[0]!.reason, /a failure for a\/42\/2 arrived on a\/43\/2/);
    assert.deepEqual([...collected.failures], [["a", "failed: model down"]]);
  });

  it("says why an absent agent's results were refused in a few words, however many it sent", async () => {
    const phase = openPhase({ nc, sessionId: "42", round: 1, phase: "propose", signers: signers("a"), deadline: Date.now() + 1_500, accept });
    for (let i = 0; i < 2_000; i++) nc.publish(subjects.result("42", 1, "a", "propose"), encoder.encode("{}"));
    await nc.flush();
    const collected = await phase.done;
    const reason = refusedReason(collected.rejected.filter((r) => r.agent === "a"))!;
    assert.match(reason, /^refused \(.*; and 1997 more\)$/);
    assert.ok(reason.length < 1_000, `${reason.length} characters`);
  });

  it("counts results after the phase closed under their kind: replay, equivocation, forgery, a straggler", async () => {
    const counted: LateRejection[] = [];
    let fourth!: () => void;
    const fourSeen = new Promise<void>((resolve) => (fourth = resolve));
    const late = listenForLateResults(nc, "18", signers("a", "b", "late"), (r) => {
      counted.push(r);
      if (counted.length === 4) fourth();
    });
    const phase = openPhase({
      nc, sessionId: "18", round: 1, phase: "propose", signers: signers("a", "b", "late"), deadline: Date.now() + 300, accept, late,
    });
    const first = json({ ok: true, v: 1 });
    await send(subjects.result("18", 1, "a", "propose"), first, keys.a);
    await send(subjects.result("18", 1, "b", "propose"), json({ ok: true }), keys.b);
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()].sort(), ["a", "b"]);
    assert.deepEqual(collected.rejected, []);
    // All after the close: none of it reaches the closed phase, all of it is counted.
    await send(subjects.result("18", 1, "a", "propose"), first, keys.a);
    await send(subjects.result("18", 1, "b", "propose"), json({ ok: true, v: 2 }), keys.b);
    await send(subjects.result("18", 1, "b", "propose"), json({ ok: true, v: 3 }), keys.a);
    await send(subjects.result("18", 1, "late", "propose"), json({ ok: true }), keys.late);
    // An open phase's results are its own to count, not the listener's.
    const open = openPhase({ nc, sessionId: "18", round: 2, phase: "propose", signers: signers("a"), deadline: Date.now() + 30_000, accept, late });
    await send(subjects.result("18", 2, "a", "propose"), first, keys.a);
    await open.done;
    await fourSeen;
    await nc.flush();
    late.close();
    assert.deepEqual(counted.map((r) => `${r.round} ${r.agent} ${r.kind}`), ["1 a replay", "1 b equivocation", "1 b signature", "1 late late"]);
    assert.equal([...collected.answers.keys()].length, 2, "a late result never changes a closed phase");
  });

  it("holds at most MAX_HELD_WHILE_CLOSING late results while a phase closes, counts the rest unread at once, and the held ones once it has closed", async () => {
    const counted: LateRejection[] = [];
    const late = listenForLateResults(nc, "44", signers("a"), (r) => counted.push(r));
    late.opened(1, "propose", () => {});
    late.closing!(1, "propose");
    const total = MAX_HELD_WHILE_CLOSING + 76;
    for (let i = 0; i < total; i++) nc.publish(subjects.result("44", 1, "a", "propose"), json({ i }));
    await nc.flush();
    assert.equal(counted.filter((r) => /while the phase closed/.test(r.reason)).length, 76);
    assert.equal(counted.length, 76, "the held ones wait for the phase");
    late.closed(1, "propose", new Map());
    assert.equal(counted.length, total, "every one counted once");
    late.close();
  });

  it("screens at most MAX_LATE_SCREENED of one agent's late results in a session and counts the rest unread", async () => {
    const counted: LateRejection[] = [];
    const total = MAX_LATE_SCREENED + 40;
    let all!: () => void;
    const allSeen = new Promise<void>((resolve) => (all = resolve));
    const late = listenForLateResults(nc, "43", signers("a", "b"), (r) => {
      counted.push(r);
      if (counted.length === total + 1) all();
    });
    const phase = openPhase({ nc, sessionId: "43", round: 1, phase: "propose", signers: signers("a", "b"), deadline: Date.now() + 300, accept, late });
    await send(subjects.result("43", 1, "b", "propose"), json({ ok: true }), keys.b);
    await phase.done;
    for (let i = 0; i < total; i++) await send(subjects.result("43", 1, "a", "propose"), json({ ok: true, i }), keys.a);
    await send(subjects.result("43", 1, "b", "propose"), json({ ok: true }), keys.b); // b's own budget is untouched
    await allSeen;
    late.close();
    const kinds = (agent: string) => counted.filter((r) => r.agent === agent).map((r) => r.kind);
    assert.deepEqual(kinds("a"), [...Array(MAX_LATE_SCREENED).fill("late"), ...Array(40).fill("flood")]);
    assert.deepEqual(kinds("b"), ["replay"]);
  });
});

describe("an agent's NATS connection that drops", () => {
  it("reconnects to a restarted server and is heard again", async () => {
    const first = await startNatsServer();
    const port = Number(new URL(first.url.replace("nats://", "http://")).port);
    const agent = await connect({ servers: first.url, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
    // Wait for the client to notice the drop, and then the return, not for a fixed time.
    const dropped = agent.status();
    first.kill();
    for await (const status of dropped) if (status.type === "disconnect") break;
    const returned = agent.status();
    const second = await startNatsServer({ port });
    try {
      for await (const status of returned) if (status.type === "reconnect") break;
      const listener = await connect({ servers: second.url });
      const beats = listener.subscribe(subjects.heartbeat("ada"), { max: 1 });
      await listener.flush();
      agent.publish(subjects.heartbeat("ada"), encodeMessage(heartbeat, {
        agent: "ada", signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", modelId: "m", status: "ready", at: Date.now(),
      }));
      for await (const msg of beats) assert.equal(decodeMessage(heartbeat, msg.data).agent, "ada");
      await listener.drain();
    } finally {
      await agent.close();
      await second.stop();
      await first.stop();
    }
  });
});

// Collecting a phase's answers on a real nats-server: bad input is rejected with a reason and
// never ends the loop; a late agent is reported missing.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { startNatsServer, type LocalNatsServer } from "../../orchestrator/src/devnet/nats-server.ts";
import { openPhase } from "../../orchestrator/src/rounds/collect-phase.ts";
import { subjects } from "../../sdk/protocol/subjects.ts";
import { decodeMessage, encodeMessage, failedResult, heartbeat } from "../../sdk/protocol/schemas.ts";

const encoder = new TextEncoder();

describe("openPhase on a real nats-server", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });
  after(async () => {
    await nc?.drain();
    await server?.stop();
  });

  // A stand-in decoder: any JSON payload with { ok: true } is an answer; the rest is rejected.
  const accept = (_agent: string, data: Uint8Array) => {
    const value = JSON.parse(new TextDecoder().decode(data)) as { ok?: boolean };
    if (value.ok !== true) throw new Error("not ok");
    return value;
  };

  it("rejects malformed, foreign and duplicate answers with reasons, and still collects the good ones", async () => {
    const phase = openPhase({ nc, sessionId: "10", round: 1, phase: "propose", expected: ["a", "b"], deadline: Date.now() + 30_000, accept });
    nc.publish(subjects.result("10", 1, "a", "propose"), encoder.encode("{broken"));
    nc.publish(subjects.result("10", 1, "mallory", "propose"), encoder.encode('{"ok":true}'));
    nc.publish(subjects.result("10", 1, "a", "propose"), encoder.encode('{"ok":true}'));
    nc.publish(subjects.result("10", 1, "a", "propose"), encoder.encode('{"ok":true}'));
    nc.publish(
      subjects.result("10", 1, "b", "propose", "failed"),
      encodeMessage(failedResult, { sessionId: "10", round: 1, agent: "b", reason: "model returned 429" }),
    );
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["a"]);
    assert.equal(collected.failures.get("b"), "failed: model returned 429");
    assert.deepEqual(collected.missing, []);
    const reasons = collected.rejected.map((r) => `${r.agent}: ${r.reason}`);
    assert.equal(reasons.length, 3, reasons.join("\n"));
    assert.match(reasons[0]!, /^a: .*JSON/);
    assert.equal(reasons[1], "mallory: agent is not on this panel");
    assert.equal(reasons[2], "a: duplicate answer");
  });

  it("closes at the deadline and reports a late agent as missing", async () => {
    const phase = openPhase({ nc, sessionId: "11", round: 2, phase: "evaluate", expected: ["a", "late"], deadline: Date.now() + 300, accept });
    nc.publish(subjects.result("11", 2, "a", "evaluate"), encoder.encode('{"ok":true}'));
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["a"]);
    assert.deepEqual(collected.missing, ["late"]);
  });

  it("ignores answers for another round or phase", async () => {
    const phase = openPhase({ nc, sessionId: "12", round: 1, phase: "propose", expected: ["a"], deadline: Date.now() + 30_000, accept });
    nc.publish(subjects.result("12", 2, "a", "propose"), encoder.encode('{"ok":true}'));
    nc.publish(subjects.result("12", 1, "a", "evaluate"), encoder.encode('{"ok":true}'));
    nc.publish(subjects.result("12", 1, "a", "propose"), encoder.encode('{"ok":true}'));
    const collected = await phase.done;
    assert.deepEqual([...collected.answers.keys()], ["a"]);
    assert.equal(collected.rejected.length, 0);
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

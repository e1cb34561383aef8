// A phase open across a NATS restart, on a real nats-server: an answer the stream stored while
// the orchestrator's connection was still down is read back once it reconnects (its core
// subscription never saw it), and each agent still awaited is sent its task again, once.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import type { LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { SIGNATURE_HEADER, signPayload, subjects } from "@concord/agent-sdk/protocol";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { openPhase } from "@concord/orchestrator/rounds/collect-phase.ts";

const encoder = new TextEncoder();
/** Long enough that another client connects and publishes before the orchestrator is back. */
const ORCHESTRATOR_RECONNECT_WAIT_MS = 3_000;

describe("a phase across a NATS restart", () => {
  let server: LocalNatsServer;
  let orchestrator: NatsConnection;
  const keys = { a: privateKeyToAccount(generatePrivateKey()), b: privateKeyToAccount(generatePrivateKey()) };
  const signers = new Map(Object.entries(keys).map(([name, key]) => [name, key.address] as const));
  const accept = (_agent: string, data: Uint8Array) => JSON.parse(new TextDecoder().decode(data)) as { answer: string };

  before(async () => {
    server = await startNatsServer();
    orchestrator = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: ORCHESTRATOR_RECONNECT_WAIT_MS });
    await ensureStreams(orchestrator);
  });
  after(async () => {
    await orchestrator?.close();
    await server?.stop();
  });

  /** An agent's answer as the SDK publishes it: signed, to the stream, with its subject as message id. */
  async function publishAnswer(nc: NatsConnection, agent: "a" | "b", account: LocalAccount) {
    const subject = subjects.result("31", 1, agent, "propose");
    const data = encoder.encode(JSON.stringify({ answer: `${agent}'s answer` }));
    const h = headers();
    h.set(SIGNATURE_HEADER, await signPayload(account, data));
    return jetstream(nc).publish(subject, data, { msgID: subject, headers: h });
  }

  it("reads back what the stream stored meanwhile, and asks the agents still awaited again", { timeout: 20_000 }, async () => {
    let reconnectedAt = 0;
    void (async () => {
      for await (const status of orchestrator.status()) if (status.type === "reconnect") reconnectedAt = Date.now();
    })();
    const phase = openPhase({ nc: orchestrator, sessionId: "31", round: 1, phase: "propose", signers, deadline: Date.now() + 30_000, accept });
    const resent: string[] = [];
    let resentToB!: () => void;
    const bAskedAgain = new Promise<void>((resolve) => (resentToB = resolve));
    phase.resendWith((agent) => {
      resent.push(agent);
      if (agent === "b") resentToB();
    });

    await server.kill();
    await server.restart();
    const agentSide = await connect({ servers: server.url });
    try {
      const ack = await publishAnswer(agentSide, "a", keys.a);
      const storedAt = Date.now();
      assert.equal(ack.duplicate, false);
      // b's task is sent again once the orchestrator is back and has read a's answer back.
      await bAskedAgain;
      assert.ok(reconnectedAt > storedAt, "a's answer was stored while the orchestrator was still away");
      assert.deepEqual(resent, ["b"], "only the agent still awaited is asked again");
      await publishAnswer(agentSide, "b", keys.b);
      const collected = await phase.done;
      assert.deepEqual(Object.fromEntries(collected.answers), { a: { answer: "a's answer" }, b: { answer: "b's answer" } });
      assert.deepEqual(collected.rejected, [], "an answer read back is no replay");
      assert.deepEqual(collected.missing, []);
    } finally {
      await agentSide.close();
    }
  });
});

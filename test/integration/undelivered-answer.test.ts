// An agent whose answer could not be delivered (its publish gave up: the stream refused it, or the
// phase's deadline passed with no ack) sends no signed failure for that phase. The answer's bytes
// went on the wire, and a try whose ack was lost may be stored: the orchestrator may hold the answer
// already, and a failure for the same phase would be a second, different signed answer, which it
// discards with the first as equivocation. Real nats-server; the stream made to refuse every result.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { defineAgent, runAgent } from "@concord/agent-sdk/agent";
import { encodeMessage, proposeTask, streams, subjects } from "@concord/agent-sdk/protocol";
import type { LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { natsForSuite } from "../support/nats-for-suite.ts";

const sessions = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;

describe("the Agent SDK when its answer cannot be delivered", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;
  natsForSuite((s, c) => ((server = s), (nc = c)));

  before(async () => {
    await ensureStreams(nc);
    // Every result is larger than this: the stream refuses it (not an outage, so no retry helps).
    const jsm = await jetstreamManager(nc);
    const { config } = await jsm.streams.info(streams.sessions.name);
    await jsm.streams.update(streams.sessions.name, { ...config, max_msg_size: 64 });
  });

  it("logs the answer as not delivered and sends no failure for the phase", async () => {
    const name = "refused";
    const sessionId = "41";
    const wire = { ok: 0, failed: 0 };
    const okSub = nc.subscribe(subjects.result(sessionId, 1, name, "propose"), { callback: () => void wire.ok++ });
    const failedSub = nc.subscribe(subjects.result(sessionId, 1, name, "propose", "failed"), { callback: () => void wire.failed++ });
    await nc.flush();

    // The agent's own account of the phase: the first log line about its propose answer.
    let told!: (line: string) => void;
    const outcome = new Promise<string>((resolve) => (told = resolve));
    const agent = await runAgent(
      defineAgent({
        name, modelId: "test",
        async propose() { return { thoughtProcess: "6 times 7", solution: "42" }; },
        async evaluate() { throw new Error("not asked"); },
      }),
      {
        natsServers: server.url, account: privateKeyToAccount(generatePrivateKey()), sessions,
        log: (line) => { if (/\] propose (answer not delivered|failed)/.test(line)) told(line); },
      },
    );
    await agent.ready;
    nc.publish(subjects.task(sessionId, name, "propose"), encodeMessage(proposeTask, { sessionId, round: 1, task: "What is 6 × 7?", deadline: Date.now() + 30_000 }));

    const line = await outcome;
    // Draining sends whatever the agent published before it stopped; our flush receives it.
    await agent.stop();
    await nc.flush();
    okSub.unsubscribe();
    failedSub.unsubscribe();
    assert.match(line, /propose answer not delivered: .*no failure is sent for the phase/);
    assert.equal(wire.ok, 1, "the answer itself went on the wire (a core subscriber, as the orchestrator's, sees it)");
    assert.equal(wire.failed, 0, "a signed failure was sent for a phase whose answer may have arrived");
  });
});

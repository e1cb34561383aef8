// An agent stopped while its NATS server is down: stop() still finishes, closing the connection,
// instead of rejecting (or leaving an unhandled rejection) because the server cannot be drained.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { defineAgent, runAgent } from "@concord/agent-sdk/agent";
import { startNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";

const agent = defineAgent({
  name: "ada", modelId: "m",
  async propose() { return { thoughtProcess: "t", solution: "s" }; },
  async evaluate({ candidates }) { return { assessments: candidates.map((c) => ({ label: c.label, endorsement: 0, justification: "j", stance: "neutral" as const, isFinalSolution: false })) }; },
});

describe("an agent stopped while its server is down", () => {
  it("stops: its connection closes and stop() resolves", async () => {
    const server = await startNatsServer();
    const running = await runAgent(agent, {
      natsServers: server.url, account: privateKeyToAccount(generatePrivateKey()),
      sessions: { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
    });
    await running.ready;
    const statuses = running.connection.status();
    server.kill();
    for await (const status of statuses) if (status.type === "disconnect") break;
    await running.stop();
    assert.ok(running.connection.isClosed(), "the connection is closed, not left reconnecting");
    await server.stop();
  });
});

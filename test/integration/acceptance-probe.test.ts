// The acceptance probe on a real nats-server with the stack's per-user permissions: the CLI's user
// asks, a simulated agent answers from its provider, signed; only the agent's own key and user
// can speak for it, and an agent nobody runs reads as declining.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { agentPermissions, cliPermissions, subjects } from "@concord/agent-sdk/protocol";
import { runAgent, type RunningAgent } from "@concord/agent-sdk/agent";
import { openAiCompatibleAgent, simulatedAgent } from "@concord/agent-sdk/providers";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { probeAcceptance } from "@concord/orchestrator/nats/probe-acceptance.ts";
import { refusals } from "../support/nats-refusals.ts";

const WORD_PROBLEM = "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";
const users = {
  ada: { user: "agent-ada", pass: "ada-pass" },
  bram: { user: "agent-bram", pass: "bram-pass" },
  cli: { user: "cli", pass: "cli-pass" },
};

describe("the acceptance probe", () => {
  let nats: LocalNatsServer;
  let cli: NatsConnection;
  let agent: RunningAgent;
  const adaKey = privateKeyToAccount(generatePrivateKey());

  before(async () => {
    nats = await startNatsServer({
      users: [
        { ...users.ada, permissions: agentPermissions("ada") },
        { ...users.bram, permissions: agentPermissions("bram") },
        { ...users.cli, permissions: cliPermissions() },
      ],
    });
    agent = await runAgent(simulatedAgent({ name: "ada", skill: 1 }), {
      natsServers: nats.url, natsAuth: users.ada, account: adaKey,
      sessions: { chainId: 31337, address: "0x0000000000000000000000000000000000000001" },
    });
    await agent.ready;
    cli = await connect({ servers: nats.url, ...users.cli });
  });

  after(async () => {
    await cli?.close();
    await agent?.stop();
    await nats?.stop();
  });

  it("is answered yes for a task of the agent's family, signed by its key", async () => {
    assert.deepEqual(await probeAcceptance(cli, { name: "ada", signer: adaKey.address }, WORD_PROBLEM), { accepts: true });
  });

  it("is answered no, with the provider's reason, for a task outside it", async () => {
    assert.deepEqual(await probeAcceptance(cli, { name: "ada", signer: adaKey.address }, "Write a sonnet about the sea."), {
      accepts: false, reason: "this simulated solver only answers arithmetic word problems of its family",
    });
  });

  it("refuses an answer signed by another key than the heartbeat's", async () => {
    const other = privateKeyToAccount(generatePrivateKey()).address;
    const answer = await probeAcceptance(cli, { name: "ada", signer: other }, WORD_PROBLEM);
    assert.equal(answer.accepts, false);
    assert.match((answer as { reason: string }).reason, /answer to the acceptance probe is invalid: INVALID_SIGNATURE/);
  });

  it("reads an agent nobody runs as declining, at once", async () => {
    const answer = await probeAcceptance(cli, { name: "nobody", signer: adaKey.address }, WORD_PROBLEM, 2_000);
    assert.deepEqual(answer, { accepts: false, reason: "nothing answers its acceptance probe (it stopped, or its agent SDK predates the probe)" });
  });

  describe("an agent whose model's server stops answering", () => {
    /** A stand-in OpenAI-compatible server: it lists its models while `up`, and is closed when not. */
    async function modelServer(): Promise<{ url: string; server: Server }> {
      const server = createServer((req, res) => {
        res.writeHead(req.url === "/v1/models" ? 200 : 404, { "content-type": "application/json" });
        res.end(JSON.stringify({ object: "list", data: [{ id: "m" }] }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
    }
    const bramKey = privateKeyToAccount(generatePrivateKey());
    const options = (baseUrl: string) => ({
      natsServers: nats.url, natsAuth: users.bram, account: bramKey,
      sessions: { chainId: 31337, address: "0x0000000000000000000000000000000000000001" as const },
    });

    it("does not say it is ready when its server does not answer", async () => {
      const { url, server } = await modelServer();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await assert.rejects(
        runAgent(openAiCompatibleAgent({ name: "bram", baseUrl: url, model: "m" }), options(url)),
        (error: Error & { code?: string }) => error.code === "PROVIDER_UNAVAILABLE" && error.message.includes(`${url}/models`),
      );
    });

    it("answers the probe no, with why, once its server is gone", async () => {
      const { url, server } = await modelServer();
      const bram = await runAgent(openAiCompatibleAgent({ name: "bram", baseUrl: url, model: "m" }), options(url));
      try {
        await bram.ready;
        assert.deepEqual(await probeAcceptance(cli, { name: "bram", signer: bramKey.address }, WORD_PROBLEM), { accepts: true });
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        const answer = await probeAcceptance(cli, { name: "bram", signer: bramKey.address }, WORD_PROBLEM);
        assert.equal(answer.accepts, false);
        const reason = (answer as { reason: string }).reason;
        assert.match(reason, /its model's server does not answer: .*PROVIDER_UNAVAILABLE.*cannot reach <provider URL>/);
        assert.ok(!reason.includes(new URL(url).host), `the reason names no address of the model server: ${reason}`);
      } finally {
        await bram.stop();
      }
    });
  });

  it("answers a probe only on an inbox: a reply subject naming a stream's, a bucket's or another agent's subject gets nothing", async () => {
    const admin = await connect({ servers: nats.url, ...nats.admin });
    try {
      const targets = ["nsed.5.result.1.bram.propose", "$KV.nsed-session-locks.s7", "nsed.5.event.halted"];
      const landed: string[] = [];
      for (const target of targets) admin.subscribe(target, { callback: (_, msg) => void landed.push(msg.subject) });
      await admin.flush();
      for (const target of targets) cli.publish(subjects.accepts("ada"), new TextEncoder().encode(JSON.stringify({ task: WORD_PROBLEM })), { reply: target });
      // Probes are answered in order: once a real one is answered, the hostile ones were handled.
      assert.deepEqual(await probeAcceptance(cli, { name: "ada", signer: adaKey.address }, WORD_PROBLEM), { accepts: true });
      await admin.flush();
      assert.deepEqual(landed, []);
    } finally {
      await admin.close();
    }
  });

  it("lets no agent listen to another's probes or ask one", async () => {
    const bram = await connect({ servers: nats.url, ...users.bram });
    try {
      const refused = refusals(bram, ["Subscription", "Publish"]);
      bram.subscribe(subjects.accepts("ada"));
      bram.publish(subjects.accepts("ada"), new Uint8Array());
      const errors = await refused;
      assert.ok(errors.some((e) => e.includes(subjects.accepts("ada"))), errors.join("\n"));
    } finally {
      await bram.close();
    }
  });
});

// Who reaches the local stack's servers. nats-server and the hardhat node listen on loopback only
// (the node's accounts are unlocked). Who may put a job on the queue, past the HTTP route: on a
// stack whose nats-server has users,
// only the admin (orchestrators, the launcher) and the command line's `cli` user may publish on
// the jobs subject; the viewer (whose credentials every page gets), the relayer and every agent
// are refused by nats-server, and nothing they send reaches the queue. An anonymous connection
// is refused outright.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect as tcpConnect } from "node:net";
import os from "node:os";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { natsAuthOptions } from "@concord/agent-sdk/agent";
import { agentInboxPrefix, encodeMessage, NATS_MAX_PAYLOAD_BYTES, sessionJob, streams, subjects } from "@concord/agent-sdk/protocol";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { refusals } from "../support/nats-refusals.ts";

const job = (sessionId: string) => encodeMessage(sessionJob, { sessionId, task: "2 + 2?", effort: 0.01 });

/** This machine's first non-loopback IPv4 address, if it has one. */
const outsideAddress = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address;

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) => new Promise<boolean>((resolve) => {
  const socket = tcpConnect({ host, port, timeout: 2_000 });
  socket.once("connect", () => { socket.destroy(); resolve(true); });
  socket.once("error", () => resolve(false));
  socket.once("timeout", () => { socket.destroy(); resolve(false); });
});

describe("the local stack's servers", { timeout: 60_000 }, () => {
  let stack: LocalStack;
  const queued = async () => (await (await jetstreamManager(stack.nc)).streams.info(streams.jobs.name)).state.messages;

  before(async () => {
    // No job worker: whatever reaches the queue stays there to be counted.
    stack = await startLocalStack();
  });

  after(async () => {
    await stack?.stop();
  });

  it("listen on loopback only: NATS, its WebSocket and the hardhat node (unlocked accounts) are not reachable from another address", { skip: outsideAddress === undefined && "no non-loopback IPv4 address" }, async () => {
    const ports = [stack.nats.url, stack.nats.websocketUrl, stack.evm.rpcUrl].map((url) => {
      assert.equal(new URL(url).hostname, "127.0.0.1", url);
      return Number(new URL(url).port);
    });
    for (const port of ports) {
      assert.equal(await accepts("127.0.0.1", port), true, `127.0.0.1:${port}`);
      assert.equal(await accepts(outsideAddress!, port), false, `${outsideAddress}:${port}`);
    }
  });

  it("refuses a job published by the viewer, the relayer or an agent, and none reaches the queue", async () => {
    const users = stack.natsUsers!;
    const before = await queued();
    const connections: [string, NatsConnection][] = [
      ["viewer", await connect({ servers: stack.nats.url, ...natsAuthOptions(users.viewer) })],
      ["relayer", await connect({ servers: stack.nats.url, ...natsAuthOptions(users.relayer) })],
      ["agent", await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.natsAuthFor(stack.panel[0]!.name)) })],
    ];
    try {
      for (const [who, nc] of connections) {
        const refused = refusals(nc, [`Permissions Violation for Publish to "${subjects.jobSubmit()}"`]);
        nc.publish(subjects.jobSubmit(), job("1"));
        await nc.flush();
        const errors = await refused;
        assert.ok(errors.some((e) => e.includes(subjects.jobSubmit())), `${who}: ${errors.join("\n")}`);
      }
      // The admin's flush after them: anything they had got through would be counted by now.
      await stack.nc.flush();
      assert.equal(await queued(), before);
    } finally {
      await Promise.all(connections.map(([, nc]) => nc.close()));
    }
  });

  it("lets the command line's cli user queue a job (concord submit), and read no task or result", async () => {
    const cli = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.natsUsers!.cli) });
    try {
      const before = await queued();
      const refused = refusals(cli, [
        'Permissions Violation for Subscription to "nsed.*.task.>"', 'Permissions Violation for Subscription to "nsed.*.result.>"',
      ]);
      cli.subscribe("nsed.*.task.>");
      cli.subscribe("nsed.*.result.>");
      await refused;
      const queuedJob = await submitJob(cli, { sessionId: "2", task: "2 + 2?", effort: 0.01 });
      assert.equal(queuedJob.duplicate, false);
      assert.equal(await queued(), before + 1);
    } finally {
      await cli.close();
    }
  });

  it("lets an agent read replies on its own inbox only: JetStream acks its publishes there, and _INBOX.> and another agent's inbox are refused", async () => {
    const [ada, bram] = stack.panel.map((a) => a.name);
    const nc = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.natsAuthFor(ada!)), inboxPrefix: agentInboxPrefix(ada!) });
    try {
      // Under _INBOX.> travel every other party's replies, the session snapshots read mid-round among them.
      const refused = refusals(nc, [
        'Permissions Violation for Subscription to "_INBOX.>"', `Permissions Violation for Subscription to "${agentInboxPrefix(bram!)}.>"`,
      ]);
      nc.subscribe("_INBOX.>");
      nc.subscribe(`${agentInboxPrefix(bram!)}.>`);
      await refused;
      const ack = await jetstream(nc).publish(subjects.result("424242", 1, ada!, "propose"), new TextEncoder().encode("{}"));
      assert.equal(ack.stream, streams.sessions.name);
    } finally {
      await nc.close();
    }
  });

  it("refuses a connection without credentials", async () => {
    await assert.rejects(connect({ servers: stack.nats.url, maxReconnectAttempts: 0 }), /Authorization Violation/i);
  });

  it("takes messages as large as the largest task a phase sends (max_payload)", () => {
    assert.equal(stack.nc.info?.max_payload, NATS_MAX_PAYLOAD_BYTES);
  });
});

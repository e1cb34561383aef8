// An agent answers at most MAX_TASKS_IN_FLIGHT tasks at once: past that a task is ignored (no model
// call, nothing sent, a log line), so a flood of tasks cannot queue unbounded work, and the tasks
// in hand are still answered. Real nats-server.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { NatsConnection } from "@nats-io/transport-node";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { defineAgent, MAX_TASKS_IN_FLIGHT, runAgent } from "@concord/agent-sdk/agent";
import { encodeMessage, proposeTask, subjects } from "@concord/agent-sdk/protocol";
import type { LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { natsForSuite } from "../support/nats-for-suite.ts";

const sessions = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;

describe("the Agent SDK under a flood of tasks", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;
  natsForSuite((s, c) => ((server = s), (nc = c)));
  before(() => ensureStreams(nc));

  it("ignores tasks past MAX_TASKS_IN_FLIGHT, saying so, and answers those in hand", { timeout: 60_000 }, async () => {
    let calls = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let allInHand!: () => void;
    const inHand = new Promise<void>((resolve) => (allInHand = resolve));
    const agent = defineAgent({
      name: "busy", modelId: "test",
      async propose() {
        if (++calls === MAX_TASKS_IN_FLIGHT) allInHand();
        await released; // a model that takes its time: every task stays in flight
        return { thoughtProcess: "counted", solution: "1" };
      },
      async evaluate() { throw new Error("not asked"); },
    });
    let ignored!: (line: string) => void;
    const ignoredLine = new Promise<string>((resolve) => (ignored = resolve));
    const running = await runAgent(agent, {
      natsServers: server.url, account: privateKeyToAccount(generatePrivateKey()), sessions,
      log: (line) => { if (line.includes("tasks in flight")) ignored(line); },
    });
    await running.ready;
    const answered = nc.subscribe("nsed.*.result.1.busy.propose");
    let answers = 0;
    const allAnswered = (async () => {
      for await (const _ of answered) if (++answers === MAX_TASKS_IN_FLIGHT) break;
    })();
    const deadline = Date.now() + 50_000;
    for (let id = 1; id <= MAX_TASKS_IN_FLIGHT + 1; id++) {
      nc.publish(subjects.task(String(id), "busy", "propose"), encodeMessage(proposeTask, { sessionId: String(id), round: 1, task: "t", deadline }));
    }
    assert.match(await ignoredLine, new RegExp(`ignoring nsed\\.${MAX_TASKS_IN_FLIGHT + 1}\\.task\\.busy\\.propose: already ${MAX_TASKS_IN_FLIGHT} tasks in flight`));
    await inHand;
    release();
    await allAnswered;
    await running.stop();
    assert.equal(calls, MAX_TASKS_IN_FLIGHT, "the ignored task never reached the model");
    assert.equal(answers, MAX_TASKS_IN_FLIGHT, "every task in hand was answered");
  });
});

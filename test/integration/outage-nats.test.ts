// nats-server killed and started again (same port, same store) while sessions and agents use it:
// the outage is waited out. A session mid-round still settles once with every agent; a JetStream
// publish made during the outage lands once; an agent or an orchestrator whose connection is
// closed for good (the server refuses its credentials) exits non-zero saying why.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { bytesToHex, keccak256, parseEther, stringToBytes } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { connectionState, publishUntil } from "@concord/agent-sdk/agent";
import { getRoundRecordedLogs, getSessionSettledLogs, NATS_RECONNECT } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startDevnet, startLocalStack, type Devnet, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { startNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { spawnReady } from "@concord/orchestrator/devnet/child-process.ts";
import { ensureNatsServer } from "@concord/orchestrator/devnet/ensure-nats-server.ts";
import { createSession, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { trackLiveness } from "@concord/orchestrator/nats/liveness.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { startConcord } from "../support/concord-cli.ts";
import { freePort } from "@concord/orchestrator/devnet/free-port.ts";

const agentEntry = path.resolve(import.meta.dirname, "../../sdk/bin/simulated-agent.ts");

describe("a nats-server restart mid-round", () => {
  let stack: LocalStack;
  const agentLines: string[] = [];
  let onAgentLine: (line: string) => void = () => {};

  before(async () => {
    // Agents think 1 s per answer, so they answer while the server is down.
    stack = await startLocalStack({ agentDelayMs: 1_000, agentLog: (line) => (agentLines.push(line), onAgentLine(line)) });
  });
  after(async () => {
    await stack?.stop();
  });

  it("is waited out: the session settles once, every agent still in it", { timeout: 60_000 }, async () => {
    const problem = generateWordProblem(seededRandom("outage-nats"));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, minRounds: 1, maxRounds: 1, bounty: parseEther("1"),
    });
    // As soon as round 1's tasks are out, the server dies; it comes back once every agent has its
    // proposal ready and is holding it for the connection.
    const holding = new Set<string>();
    const allHolding = new Promise<void>((resolve) => {
      onAgentLine = (line) => {
        const agent = /\[(\w+)\] propose answer waits for the NATS connection/.exec(line)?.[1];
        if (agent) holding.add(agent);
        if (holding.size === stack.panel.length) resolve();
      };
    });
    // Killed once this listener has every agent's task: the server routed each to its agent too.
    const tasks = stack.nc.subscribe(`nsed.${sessionId}.task.>`, { max: stack.panel.length });
    const outage = (async () => {
      for await (const _ of tasks); // ends after `max` messages
      await stack.nats.kill();
      await allHolding;
      await stack.nats.restart();
    })();
    await stack.nc.flush();

    const liveness = trackLiveness(stack.nc);
    const outcome = await runSession(
      { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, liveness },
      {
        sessionId, task: problem.text, panel: stack.panel, minRounds: 1, maxRounds: 1, effort: 0.6, phaseTimeoutMs: 20_000,
        roundTerms: await readRoundTerms(stack.chain, { sessionId }),
      },
    ).finally(() => liveness.close());
    await outage;

    // Every agent's connection dropped and came back, and every agent's held answer counted.
    for (const agent of stack.panel) {
      assert.ok(agentLines.some((l) => l.includes(`[${agent.name}] NATS connection back`)), `${agent.name} reconnected:\n${agentLines.join("\n")}`);
    }
    assert.deepEqual(outcome.absent, []);
    assert.deepEqual(outcome.rounds[0]!.present.toSorted(), [0, 1, 2]);
    const fromBlock = BigInt(stack.deployment.deployedAtBlock);
    const address = stack.deployment.contracts.Sessions;
    const recorded = await getRoundRecordedLogs(stack.clients.publicClient, { address, sessionId, fromBlock });
    assert.deepEqual(recorded.map((e) => e.round), [1]);
    const settled = await getSessionSettledLogs(stack.clients.publicClient, { address, sessionId, fromBlock });
    assert.equal(settled.length, 1, "settled exactly once");
  });
});

describe("an orchestrator whose NATS connection is closed for good", () => {
  let stack: Devnet;
  before(async () => {
    stack = await startDevnet();
  });
  after(async () => {
    await stack?.stop();
  });

  it("exits non-zero saying why, instead of waiting for jobs it can never take", { timeout: 60_000 }, async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-outage-orch-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const nats = await passwordNats(dir);
    t.after(() => nats.server.stop());
    const deployment = path.join(dir, "deployment.json");
    await writeFile(deployment, JSON.stringify(stack.deployment));
    const orchestrator = startConcord(["orchestrator", "--nats", nats.url, "--deployment", deployment, "--owner", "revoked"], {
      CONCORD_NATS_USER: "user", CONCORD_NATS_PASSWORD: "first-password",
      CONCORD_ORCHESTRATOR_KEY: bytesToHex(devnetAccount(0).getHdKey().privateKey!),
    });
    t.after(() => orchestrator.stop("SIGKILL"));
    await orchestrator.waitFor(/ready: taking jobs/);
    const exited = new Promise<number | null>((resolve) => orchestrator.child.once("close", resolve));

    await nats.restart("revoked");

    assert.equal(await exited, 1);
    assert.ok(
      orchestrator.lines.some((l) => /^concord orchestrator: NATS_CONNECTION_CLOSED: the orchestrator's NATS connection was closed for good: .*Authorization Violation/.test(l)),
      orchestrator.lines.join("\n"),
    );
    assert.ok(!orchestrator.lines.some((l) => /^\s+at /.test(l)), "no stack trace");
  });
});

describe("publishUntil", () => {
  it("lands a publish made while the server is down once, after it comes back", { timeout: 30_000 }, async (t) => {
    const nats = await startNatsServer();
    t.after(() => nats.stop());
    const nc = await connect({ servers: nats.url, ...NATS_RECONNECT });
    connectionState(nc); // followed from the start, as runAgent and the orchestrator do
    t.after(() => nc.close());
    await (await jetstreamManager(nc)).streams.add({ name: "outage", subjects: ["outage.>"] });

    const dropped = new Promise((resolve) => void (async () => {
      for await (const status of nc.status()) if (status.type === "disconnect") return resolve(status);
    })());
    await nats.kill();
    await dropped;
    let restarted: Promise<void> | undefined;
    const ack = await publishUntil(nc, "outage.answer", new TextEncoder().encode("42"), {
      msgID: "outage.answer", deadline: Date.now() + 20_000,
      // The publish holds for the connection rather than firing into the outage; the server comes back.
      onWait: () => void (restarted ??= nats.restart()),
    });
    assert.ok(restarted, "the publish waited for the connection");
    await restarted;
    assert.equal(ack.stream, "outage");
    assert.equal(ack.duplicate, false);
    // The id dedupes: another try of the same answer is not stored again.
    const again = await jetstream(nc).publish("outage.answer", new TextEncoder().encode("42"), { msgID: "outage.answer" });
    assert.equal(again.duplicate, true);
    const info = await (await jetstreamManager(nc)).streams.info("outage");
    assert.equal(info.state.messages, 1);
  });

  it("sends no retry once its sender says it may not send any more (a lost session lock)", { timeout: 30_000 }, async (t) => {
    const nats = await startNatsServer();
    t.after(() => nats.stop());
    const nc = await connect({ servers: nats.url, ...NATS_RECONNECT });
    t.after(() => nc.close());
    // No stream takes the subject: each try fails (no responders) and would be tried again.
    const seen: string[] = [];
    const tap = nc.subscribe("nostream.>", { callback: (_e, msg) => void seen.push(msg.subject) });
    await nc.flush();
    let allowed = true;
    const lost = new Error("lost the session");
    await assert.rejects(publishUntil(nc, "nostream.answer", new TextEncoder().encode("42"), {
      msgID: "nostream.answer", deadline: Date.now() + 20_000,
      beforeRetry: () => {
        if (!allowed) throw lost;
      },
      onRetry: () => void (allowed = false),
    }), (e: unknown) => e === lost);
    await nc.flush();
    tap.unsubscribe();
    assert.deepEqual(seen, ["nostream.answer"], "the first try only: the retry was refused before it was sent");
  });
});

describe("an agent whose NATS connection is closed for good", () => {
  it("exits non-zero with one line saying why, no stack trace", { timeout: 30_000 }, async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-outage-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const nats = await passwordNats(dir);
    t.after(() => nats.server.stop());

    const agent = spawn(process.execPath, [agentEntry], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env, CONCORD_AGENT_NAME: "ada", CONCORD_AGENT_KEY: generatePrivateKey(), CONCORD_AGENT_SKILL: "0.9",
        CONCORD_NATS_URL: nats.url, CONCORD_NATS_USER: "user", CONCORD_NATS_PASSWORD: "first-password",
        CONCORD_CHAIN_ID: "31337", CONCORD_SESSIONS_ADDRESS: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        // Never read (no task comes), but an agent without it warns on stderr, and this test counts lines.
        CONCORD_RPC_URL: "http://127.0.0.1:9",
      },
    });
    t.after(() => agent.kill("SIGKILL"));
    const stderr: string[] = [];
    createInterface({ input: agent.stderr! }).on("line", (line) => stderr.push(line));
    const exited = new Promise<number | null>((resolve) => agent.once("exit", (code) => resolve(code)));
    await new Promise<void>((resolve) => createInterface({ input: agent.stdout! }).on("line", (line) => line.includes("ready") && resolve()));

    // The server comes back without the agent's credentials: its reconnects are refused.
    await nats.restart("revoked");

    assert.equal(await exited, 1);
    // Its log says the connection dropped; the last word says why it ended, and nothing else does.
    const ending = stderr.filter((l) => !l.startsWith("[ada] NATS connection lost"));
    assert.equal(ending.length, 1, stderr.join("\n"));
    assert.match(ending[0]!, /^agent ada: NATS connection closed for good: .*Authorization Violation/);
  });
});

/**
 * A nats-server (JetStream on) with one user, `user`, whose password a restart can change: a
 * client of the old one is refused on reconnect, as if its credentials were revoked.
 */
async function passwordNats(dir: string) {
  const port = await freePort();
  const config = path.join(dir, "nats.conf");
  const serve = async (password: string) => {
    await writeFile(
      config,
      `listen: 127.0.0.1:${port}\njetstream { store_dir: ${JSON.stringify(path.join(dir, "store"))} }\n` +
        `authorization { users = [ { user: "user", password: "${password}" } ] }\n`,
    );
    return spawnReady({ command: ensureNatsServer(), args: ["-c", config], label: "nats-server", readyPattern: /Server is ready/, timeoutMs: 30_000 });
  };
  const nats = { url: `nats://127.0.0.1:${port}`, server: await serve("first-password"), restart };
  async function restart(password: string) {
    const gone = new Promise((resolve) => nats.server.child.once("exit", resolve));
    nats.server.child.kill("SIGKILL");
    await gone;
    nats.server = await serve(password);
  }
  return nats;
}


// Agent onboarding from the chain, on real parts: nats-server in operator mode, a hardhat node, the
// onboarding API as `concord devnet` serves it, and the `concord` CLI. An agent registered on chain
// after the stack started, and so unknown to it, joins with `concord agent join`, runs with the
// credentials it wrote and takes part in a session that settles. Its credentials reach only its
// own subjects. Rotating a signer revokes the credentials issued under the old one; retiring the
// agent drops its connection and refuses it from then on. Bad requests get no credentials.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { once } from "node:events";
import path from "node:path";
import { bytesToHex, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { joinStack, natsAuthOptions, readCredsFile } from "@concord/agent-sdk/agent";
import {
  AGENT_JOIN_PATH, ConcordError, getRoundRecordedLogs, joinMessage, sessionStatusCode, signAgentKey, unpackRoundOutcome, type NatsAuth,
} from "@concord/agent-sdk/protocol";
import { startDevnet, ROLES, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { spawnSimulatedAgent, type AgentProcess } from "@concord/orchestrator/devnet/simulated-panel.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { readSession, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { writeContract } from "@concord/orchestrator/chain/write-contract.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitSession } from "@concord/orchestrator/jobs/submit-session.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { agentJoinRoute } from "@concord/orchestrator/web/api/agent-join.ts";
import { runConcord, startConcord, type RunningConcord } from "../support/concord-cli.ts";
import { refusals } from "../support/nats-refusals.ts";

const TASK = "Ada has 12 apples. Ada finds 5 more apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";
const KNOWN = ["ada", "bram"] as const;
const LATECOMER = "dora";
const MODEL = "simulated/late";

describe("agent onboarding from the chain", { timeout: 180_000 }, () => {
  let dir: string;
  let devnet: Devnet;
  let api: DappServer;
  let record: string;
  let known: AgentProcess[] = [];
  let worker: JobWorker | undefined;
  const processes: RunningConcord[] = [];
  const connections: NatsConnection[] = [];
  // Operators for the agents registered mid-test: devnet accounts past every role's (hardhat funds 20).
  const nextOperator = (() => {
    let i = ROLES.relayer + 1;
    return () => devnetAccount(i++);
  })();

  /** Registers a fresh signer on chain now, after the stack started; returns its key and id. */
  async function registerNow(): Promise<{ key: `0x${string}`; signer: LocalAccount; agentId: bigint; operator: ReturnType<typeof devnetAccount> }> {
    const key = generatePrivateKey();
    const signer = privateKeyToAccount(key);
    const operator = nextOperator();
    const { agentId } = await registerAgent(devnet.chain, { wallet: devnet.clients.walletFor(operator), signer, modelId: MODEL });
    return { key, signer, agentId, operator };
  }

  async function connectAs(auth: NatsAuth, name: string): Promise<NatsConnection> {
    const nc = await connect({ servers: devnet.nats.url, name, ...natsAuthOptions(auth), maxReconnectAttempts: 0 });
    connections.push(nc);
    return nc;
  }

  async function agentConfig(name: string): Promise<string> {
    const file = path.join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify({ name, provider: { kind: "simulated", skill: 1, seed: `join/${name}` }, keyEnv: "AGENT_KEY" }));
    return file;
  }

  /** A join request as the API takes it, for tests that bend one field. */
  async function joinRequest(signer: LocalAccount, fields: { name: string; userKey?: string; issuedAt?: number }) {
    const userKey = fields.userKey ?? `U${"A".repeat(55)}`;
    const issuedAt = fields.issuedAt ?? Math.floor(Date.now() / 1000);
    const message = joinMessage({ chainId: devnet.deployment.chainId, registry: devnet.deployment.contracts.AgentRegistry, name: fields.name, userKey, issuedAt });
    return { name: fields.name, userKey, issuedAt, signature: await signer.signMessage({ message }) };
  }

  async function postJoin(body: unknown): Promise<{ status: number; body: { error?: { code: string; message: string }; jwt?: string } }> {
    const response = await fetch(`${api.url}${AGENT_JOIN_PATH}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string }; jwt?: string } };
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-agent-join-"));
    devnet = await startDevnet({ agentNames: [...KNOWN] });
    // As `concord devnet` serves it: the join route alone, with the devnet's onboarding.
    api = await startDappServer({ deployment: devnet.deployment, chain: devnet.chain, routes: [agentJoinRoute], onboarding: devnet.onboarding, sessionLogs: false });
    record = path.join(dir, "devnet.json");
    await writeDevnetRecord(record, devnetRecordOf(devnet, "agent-join test", { apiUrl: api.url }));
    known = KNOWN.map((name) => spawnSimulatedAgent({ name, skill: 1 }, { url: devnet.nats.url, auth: devnet.natsAuthFor(name) }, { deployment: devnet.deployment, rpcUrl: devnet.evm.rpcUrl }, () => {}));
    for (const [i, agent] of known.entries()) {
      await registerAgent(devnet.chain, { wallet: devnet.clients.walletFor(devnetAccount(ROLES.firstOperator + i)), signer: agent.account, modelId: agent.modelId });
    }
  });

  after(async () => {
    await worker?.stop();
    await Promise.all(connections.map((nc) => nc.close().catch(() => {})));
    for (const p of processes) await p.stop();
    await Promise.all(known.map((a) => a.stop()));
    await api?.close();
    await devnet?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe("an agent registered after the stack started", () => {
    let late: Awaited<ReturnType<typeof registerNow>>;
    let creds: string;
    let agent: RunningConcord;
    let outcome: SessionOutcome;

    before(async () => {
      late = await registerNow();
      const config = await agentConfig(LATECOMER);
      creds = path.join(dir, `${LATECOMER}.creds`);
      const joined = await runConcord(["agent", "join", "--config", config, "--record", record, "--out", creds], { AGENT_KEY: late.key });
      assert.equal(joined.code, 0, joined.out);
      assert.match(joined.out, new RegExp(`agent ${LATECOMER} \\(#${late.agentId}, signer ${late.signer.address}\\) joined`));
      agent = startConcord(["agent", "--config", config, "--creds", creds, "--record", record], { AGENT_KEY: late.key });
      processes.push(agent);
      await agent.waitFor(new RegExp(`^agent ${LATECOMER} ready`));
      await awaitAgentsReady(devnet.nc, [...KNOWN, LATECOMER]);

      let settled!: (o: SessionOutcome) => void;
      let failed!: (e: Error) => void;
      const done = new Promise<SessionOutcome>((resolve, reject) => ((settled = resolve), (failed = reject)));
      worker = await startJobWorker({
        nc: devnet.nc, chain: devnet.chain, orchestrator: devnet.orchestrator, owner: "agent-join-test",
        onSettled: settled, onFailed: (id, reason) => failed(new Error(`session ${id} failed: ${reason}`)),
      });
      await submitSession(devnet.nc, devnet.chain, {
        task: TASK, wallet: devnet.submitter, agents: [...KNOWN, LATECOMER],
        session: { orchestrator: devnet.orchestrator.account.address, bounty: 10n ** 18n, minRounds: 1, maxRounds: 1 },
      });
      outcome = await done;
    });

    it("takes part in a session that settles, present in its round", async () => {
      assert.equal((await readSession(devnet.chain, { sessionId: outcome.sessionId })).status, sessionStatusCode("Settled"));
      assert.deepEqual(outcome.absent, []);
      assert.deepEqual(outcome.rejections, {});
      const agentIds = (await readSession(devnet.chain, { sessionId: outcome.sessionId })).agentIds;
      const index = agentIds.indexOf(late.agentId);
      assert.ok(index >= 0, "the session does not name the late agent");
      const [round] = await getRoundRecordedLogs(devnet.clients.publicClient, {
        address: devnet.deployment.contracts.Sessions, sessionId: outcome.sessionId, fromBlock: BigInt(devnet.deployment.deployedAtBlock),
      });
      assert.ok(round);
      assert.ok((unpackRoundOutcome(round.outcome, 3).present >> BigInt(index)) & 1n, "the late agent was absent from the recorded round");
    });

    it("cannot read or write another agent's subjects with its credentials", async () => {
      const nc = await connectAs(await readCredsFile(creds), "dora-probe");
      const refused = refusals(nc, [
        'Permissions Violation for Subscription to "nsed.*.task.ada.*"',
        'Permissions Violation for Publish to "nsed.1.result.1.ada.propose"',
        'Permissions Violation for Publish to "nsed.agent.heartbeat.ada"',
      ]);
      nc.subscribe("nsed.*.task.ada.*");
      nc.publish("nsed.1.result.1.ada.propose", "x");
      nc.publish("nsed.agent.heartbeat.ada", "x");
      await nc.flush();
      await refused;
    });

    it("is dropped and refused once retired on chain, and cannot join again", async () => {
      const probe = await connectAs(await readCredsFile(creds), "dora-retire-probe");
      const dropped = probe.closed();
      await writeContract(devnet.chain.publicClient, devnet.clients.walletFor(late.operator), {
        address: devnet.deployment.contracts.AgentRegistry, abi: agentRegistryAbi, functionName: "retireAgent", args: [late.agentId],
      });
      assert.match(String(await dropped), /revoked|Authorization Violation/i);
      // The running agent hears it too, and exits saying so.
      assert.equal(agent.child.exitCode ?? (await once(agent.child, "exit"))[0], 1);
      assert.match(agent.lines.join("\n"), /closed for good/);
      await assert.rejects(connectAs(await readCredsFile(creds), "dora-again"), /Authorization Violation/);
      const again = await runConcord(["agent", "join", "--config", await agentConfig(LATECOMER), "--record", record, "--out", path.join(dir, "again.creds")], { AGENT_KEY: late.key });
      assert.equal(again.code, 1, again.out);
      assert.match(again.out, /AGENT_RETIRED|was retired by its operator/);
      await assert.rejects(access(path.join(dir, "again.creds")));
    });
  });

  describe("a rotated signer", () => {
    it("loses the credentials issued under the old key, and the new key can join", async () => {
      const agent = await registerNow();
      const old = await joinStack({ apiUrl: api.url, account: agent.signer, name: "eve" });
      const nc = await connectAs(old.auth, "eve-old");
      const dropped = nc.closed();
      const next = privateKeyToAccount(generatePrivateKey());
      const consent = await signAgentKey(next, { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.AgentRegistry }, { operator: agent.operator.address, modelId: MODEL });
      await writeContract(devnet.chain.publicClient, devnet.clients.walletFor(agent.operator), {
        address: devnet.deployment.contracts.AgentRegistry, abi: agentRegistryAbi, functionName: "updateAgent",
        args: [agent.agentId, next.address, MODEL, "", consent],
      });
      assert.match(String(await dropped), /revoked|Authorization Violation/i);
      await assert.rejects(connectAs(old.auth, "eve-old-again"), /Authorization Violation/);
      await assert.rejects(joinStack({ apiUrl: api.url, account: agent.signer, name: "eve" }), (error: ConcordError) => error.code === "NOT_AGENT_SIGNER");
      const fresh = await joinStack({ apiUrl: api.url, account: next, name: "eve" });
      assert.equal(fresh.agentId, agent.agentId.toString());
      await connectAs(fresh.auth, "eve-new");
    });
  });

  describe("a request that proves nothing gets no credentials", () => {
    it("refuses an unregistered signer, through the CLI, and writes no file", async () => {
      const out = path.join(dir, "nobody.creds");
      const { code, out: text } = await runConcord(
        ["agent", "join", "--config", await agentConfig("nobody"), "--record", record, "--out", out], { AGENT_KEY: generatePrivateKey() },
      );
      assert.equal(code, 1, text);
      assert.match(text, /HTTP 404/);
      assert.match(text, /which no agent on the AgentRegistry .* holds/);
      await assert.rejects(access(out));
    });

    it("refuses a signature that recovers to no key", async () => {
      const agent = await registerNow();
      const request = { ...(await joinRequest(agent.signer, { name: "fay" })), signature: bytesToHex(new Uint8Array(65)) };
      const { status, body } = await postJoin(request);
      assert.equal(status, 401);
      assert.equal(body.error?.code, "INVALID_SIGNATURE");
      assert.equal(body.jwt, undefined);
    });

    it("refuses a request whose signed fields differ from the ones sent (another nkey)", async () => {
      const agent = await registerNow();
      const request = { ...(await joinRequest(agent.signer, { name: "gus" })), userKey: `U${"B".repeat(55)}` };
      const { status, body } = await postJoin(request);
      assert.equal(status, 404);
      assert.equal(body.error?.code, "AGENT_NOT_REGISTERED");
    });

    it("refuses a stale request", async () => {
      const agent = await registerNow();
      const { status, body } = await postJoin(await joinRequest(agent.signer, { name: "hal", issuedAt: Math.floor(Date.now() / 1000) - 3_600 }));
      assert.equal(status, 400);
      assert.equal(body.error?.code, "JOIN_REQUEST_STALE");
    });

    it("refuses a name one of the stack's own agents holds", async () => {
      const agent = await registerNow();
      const { status, body } = await postJoin(await joinRequest(agent.signer, { name: "ada" }));
      assert.equal(status, 409);
      assert.equal(body.error?.code, "AGENT_NAME_TAKEN");
    });
  });
});

// A stack on real parts, every part its own OS process so a fault can be injected into it:
// nats-server (one node or a 3-node JetStream cluster), `hardhat node`, simulated agents and
// `concord orchestrator` workers. The test process only deploys, submits and watches.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { realpathSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { bytesToHex, keccak256, parseEther, stringToBytes } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { agentPermissions, type Deployment } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { deployConcord } from "@concord/deploy";
import { connectChain, devnetAccount, type ChainClients } from "@concord/orchestrator/chain/clients.ts";
import { createSession, readSession, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import type { ChainContext } from "@concord/orchestrator/chain/chain-context.ts";
import type { Wallet } from "@concord/orchestrator/chain/write-contract.ts";
import { ROLES } from "@concord/orchestrator/devnet/local-stack.ts";
import type { NatsPasswordAuth as NatsAuth, NatsUser } from "@concord/orchestrator/devnet/nats-server.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { startEvmNode, type EvmNode } from "./evm-node.ts";
import { spawnFaultChild, type FaultChild } from "./fault-child.ts";
import { startNatsNodes, type NatsNodes } from "./nats-nodes.ts";
import { FAULT_TIMING } from "./timing.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const concordCli = path.join(root, "orchestrator/src/cli/concord.ts");
const agentEntry = path.join(import.meta.dirname, "slow-agent.ts");
/** npm's own entry script, run by the suite's Node like the rest. */
const npmCli = () => realpathSync(execFileSync("which", ["npm"], { encoding: "utf8" }).trim());
/** FAULT_ECHO=1 prints every child's lines (for debugging a case). */
const echo = process.env.FAULT_ECHO ? (line: string) => console.error(line) : undefined;

export interface FaultStackOptions {
  agents?: string[];
  natsNodes?: 1 | 3;
  /** NATS users shaped like an agent's but with no agent running (an abuser's credentials). */
  idleAgentUsers?: string[];
}

export interface SessionOptions {
  rounds?: number;
  /** The task text (default: a fresh word problem); one with REFUSE_MARK in it, every agent declines. */
  task?: string;
  phaseTimeoutMs?: number;
  bounty?: bigint;
}

export interface OrchestratorOptions {
  concurrency?: number;
  /** The JSON-RPC endpoint it uses (default the node's own: a proxy in front of it, say). */
  rpcUrl?: string;
  /** The NATS server it connects to (default the first node's). */
  natsUrl?: string;
  /** Started through the project's `npm run concord -- orchestrator` wrapper instead of directly. */
  viaNpm?: boolean;
}

export interface FaultStack {
  nats: NatsNodes;
  evm: EvmNode;
  /** The test's admin connection: reconnects forever. */
  nc: NatsConnection;
  clients: ChainClients;
  chain: ChainContext;
  deployment: Deployment;
  /** Pays the bounties: the one account that may refund a failed session. */
  submitter: Wallet;
  agents: Map<string, FaultChild>;
  authOf(user: string): NatsAuth;
  startAgent(name: string): Promise<FaultChild>;
  orchestrators: FaultChild[];
  startOrchestrator(owner: string, options?: OrchestratorOptions): Promise<FaultChild>;
  /** Creates `count` sessions on chain (each `rounds` rounds) and queues their jobs; their ids. */
  submitSessions(count: number, options?: SessionOptions): Promise<string[]>;
  /** Creates one session on chain without queueing its job. */
  createSessionOnly(options?: SessionOptions): Promise<{ sessionId: string; task: string }>;
  queueJob(sessionId: string, task: string, options?: SessionOptions): Promise<{ duplicate: boolean }>;
  /**
   * Replaces the hardhat node by a fresh one on its port and deploys and registers everything again
   * as at the start, so the contracts come back at the same addresses (a new chain, same scope).
   * The running orchestrators are left alone: their nonces belong to the old chain.
   */
  replaceChain(): Promise<void>;
  /** SIGTERM every orchestrator still running (continued first) and waits for them to exit. */
  stopOrchestrators(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
  const names = options.agents ?? ["ada", "bram", "chloe"];
  const pass = () => randomBytes(12).toString("base64url");
  const users: NatsUser[] = [...names, ...(options.idleAgentUsers ?? [])].map((name) => ({
    user: `agent-${name}`, pass: pass(), permissions: agentPermissions(name),
  }));
  const admin = { user: "admin", pass: pass() };
  const dir = await mkdtemp(path.join(tmpdir(), "concord-fault-"));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const evmStarted = startEvmNode();
    cleanups.push(() => evmStarted.then((evm) => evm.stop()));
    const nats = await startNatsNodes({ count: options.natsNodes ?? 1, admin, users });
    cleanups.push(() => nats.stop());
    const authOf = (user: string): NatsAuth => {
      if (user === "admin") return admin;
      const found = users.find((u) => u.user === `agent-${user}`);
      if (!found) throw new Error(`no NATS user ${user}`);
      return { user: found.user, pass: found.pass };
    };
    // Agents load while the chain boots and the contracts are deployed; they are told the contract once it exists.
    const keys = new Map(names.map((name) => [name, generatePrivateKey()] as const));
    const agents = new Map<string, FaultChild>();
    const spawnAgent = (name: string) => {
      const auth = authOf(name);
      const child = spawnFaultChild(`agent ${name}`, [agentEntry], {
        ...process.env, CONCORD_AGENT_NAME: name, CONCORD_AGENT_KEY: keys.get(name)!, CONCORD_NATS_URL: nats.urls.join(","),
        CONCORD_NATS_USER: auth.user, CONCORD_NATS_PASSWORD: auth.pass, FAULT_AGENT_DELAY_MS: String(FAULT_TIMING.agentDelayMs),
      }, echo, true);
      agents.set(name, child);
      return child;
    };
    // The node's own URL, not a fault proxy's: an agent checks its tasks' sessions there.
    const tell = (child: FaultChild, deployment: Deployment, rpcUrl: string) =>
      child.child.stdin!.end(`${JSON.stringify({ chainId: deployment.chainId, sessions: deployment.contracts.Sessions, rpcUrl })}\n`);
    cleanups.push(() => Promise.all([...agents.values()].map((a) => a.signal("SIGKILL"))));
    names.forEach(spawnAgent);

    const nc = await connect({ servers: nats.urls, ...admin, maxReconnectAttempts: -1, reconnectTimeWait: 250, name: "fault-suite" });
    cleanups.push(() => nc.close());
    const replicas = nats.nodes.length;
    await ensureStreams(nc, { jobAckWaitMs: FAULT_TIMING.ackWaitMs, replicas });

    const evm = await evmStarted;
    const clients = await connectChain(evm.rpcUrl);
    const orchestrator = clients.walletFor(devnetAccount(ROLES.orchestrator));
    const submitter = clients.walletFor(devnetAccount(ROLES.submitter));
    const deploymentFile = path.join(dir, "deployment.json");
    const deploy = async () => {
      const deployed = await deployConcord({
        wallet: orchestrator, publicClient: clients.publicClient, rpcUrl: evm.rpcUrl, orchestrator: orchestrator.account.address,
        treasury: devnetAccount(ROLES.treasury).address,
        devTokenHolders: [orchestrator.account.address, submitter.account.address],
      });
      await writeFile(deploymentFile, JSON.stringify(deployed));
      return deployed;
    };
    let deployment = await deploy();
    let chain: ChainContext = { publicClient: clients.publicClient, deployment };
    const startAgent = async (name: string) => {
      const child = spawnAgent(name);
      tell(child, deployment, evm.rpcUrl);
      await child.waitFor(/^agent \S+ ready/);
      return child;
    };
    // One operator account each: their registrations do not share a nonce, so they go at once.
    const register = () => Promise.all(names.map(async (name, i) => {
      const operator = clients.walletFor(devnetAccount(ROLES.firstOperator + i));
      const signer = privateKeyToAccount(keys.get(name)!);
      return (await registerAgent(chain, { wallet: operator, signer, modelId: "simulated-solver@fault" })).agentId;
    }));
    let agentIds = await register();
    const heard = awaitAgentsReady(nc, names);
    for (const child of agents.values()) tell(child, deployment, evm.rpcUrl);
    await Promise.all([...agents.values()].map((a) => a.waitFor(/^agent \S+ ready/)));
    await heard;

    const orchestrators: FaultChild[] = [];
    const stopOrchestrators = async () => {
      await Promise.all(orchestrators.map((o) => o.signal("SIGTERM")));
    };
    cleanups.push(() => Promise.all(orchestrators.map((o) => o.signal("SIGKILL"))));
    const startOrchestrator = async (owner: string, o: OrchestratorOptions = {}) => {
      // npm runs the script through a shell: npm, sh, then the orchestrator itself.
      const command = o.viaNpm ? [npmCli(), "run", "--silent", "concord", "--", "orchestrator"] : [concordCli, "orchestrator"];
      const child = spawnFaultChild(`orchestrator ${owner}`, [
        ...command, "--nats", o.natsUrl ?? nats.urls[0]!, "--rpc", o.rpcUrl ?? evm.rpcUrl, "--deployment", deploymentFile, "--owner", owner,
        "--lock-ttl-ms", String(FAULT_TIMING.lockTtlMs), "--ack-wait-ms", String(FAULT_TIMING.ackWaitMs),
        "--concurrency", String(o.concurrency ?? 4), "--replicas", String(replicas),
      ], {
        ...process.env, CONCORD_NATS_USER: admin.user, CONCORD_NATS_PASSWORD: admin.pass,
        CONCORD_ORCHESTRATOR_KEY: bytesToHex(devnetAccount(ROLES.orchestrator).getHdKey().privateKey!),
      }, echo, false, root);
      orchestrators.push(child);
      await child.waitFor(/ready: taking jobs/);
      return child;
    };

    let made = 0;
    const createSessionOnly = async (s: SessionOptions = {}) => {
      const task = s.task ?? generateWordProblem(seededRandom(`fault-${made++}-${Date.now()}`)).text;
      const rounds = s.rounds ?? 2;
      const { sessionId } = await createSession(chain, {
        wallet: submitter, taskHash: keccak256(stringToBytes(task)), agentIds, orchestrator: orchestrator.account.address,
        minRounds: rounds, maxRounds: rounds, bounty: s.bounty ?? parseEther("0.01"), absenceGrace: FAULT_TIMING.absenceGraceS,
      });
      return { sessionId: sessionId.toString(), task };
    };
    const queueJob = async (sessionId: string, task: string, s: SessionOptions = {}) => {
      const { deadline } = await readSession(chain, { sessionId: BigInt(sessionId) });
      const queued = await submitJob(nc, { sessionId, task, budget: { phaseTimeoutMs: s.phaseTimeoutMs ?? FAULT_TIMING.phaseTimeoutMs } }, { scope: deployment, deadline });
      return { duplicate: queued.duplicate };
    };
    const submitSessions = async (count: number, s: SessionOptions = {}) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const { sessionId, task } = await createSessionOnly(s);
        await queueJob(sessionId, task, s);
        ids.push(sessionId);
      }
      return ids;
    };
    const stack: FaultStack = {
      nats, evm, nc, clients, chain, deployment, submitter, agents, authOf, startAgent, orchestrators, startOrchestrator,
      submitSessions, createSessionOnly, queueJob, stopOrchestrators, stop,
      async replaceChain() {
        await evm.process().signal("SIGKILL");
        await evm.restart();
        deployment = await deploy();
        chain = { publicClient: clients.publicClient, deployment };
        agentIds = await register();
        Object.assign(stack, { deployment, chain });
      },
    };
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}


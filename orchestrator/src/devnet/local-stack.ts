// The local stack on real parts: the devnet (nats-server with JetStream + WebSocket, a hardhat
// node, the contracts deployed) and, on top of it, simulated agents registered on chain and
// running as processes.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { closeConnection, connectionState, natsAuthOptions } from "@concord/agent-sdk/agent";
import type { Hex } from "viem";
import {
  agentPermissions, cliPermissions, type Deployment, NATS_MAX_PAYLOAD_BYTES, NATS_RECONNECT, relayerPermissions, viewerPermissions,
} from "@concord/agent-sdk/protocol";
import { deployConcord } from "@concord/deploy";
import { connectChain, devnetAccount, devnetFastAccount, type ChainClients } from "../chain/clients.ts";
import { registerAgent } from "../chain/actions/index.ts";
import type { ChainContext } from "../chain/chain-context.ts";
import type { Wallet } from "../chain/write-contract.ts";
import { ensureStreams } from "../nats/streams.ts";
import { awaitAgentsReady } from "../nats/await-agents.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import { startHardhatNode, type LocalEvm } from "./hardhat-node.ts";
import { startNatsServer, type LocalNatsServer, type NatsAuth, type NatsUsers } from "./nats-server.ts";
import { createNatsTrust, type NatsPermissions, type NatsTrust } from "../nats-auth/nats-trust.ts";
import { startAgentOnboarding, type AgentOnboarding } from "../onboarding/agent-onboarding.ts";
import { readyUnlessExited, spawnSimulatedAgent, type AgentProcess, type SimulatedAgentSpec } from "./simulated-panel.ts";

export const DEFAULT_PANEL: SimulatedAgentSpec[] = [
  { name: "ada", skill: 0.9 },
  { name: "bram", skill: 0.75 },
  { name: "chloe", skill: 0.6 },
];

/** Devnet accounts 0..9 (every role below) receive the dev token. */
const DEV_TOKEN_HOLDERS = 10;

/**
 * Devnet account roles: 0 deploys and orchestrates, 1..N operate agents, 9 submits tasks, 10 pays
 * for `concord relay`'s transactions (funded with ETH by the node, holds no dev token).
 */
/**
 * Devnet accounts by role. The treasury is an account of its own: it takes what absent agents
 * leave unearned, so an orchestrator that were the treasury would be paid for leaving agents out.
 */
export const ROLES = { orchestrator: 0, firstOperator: 1, submitter: 9, relayer: 10, treasury: 11 } as const;

export interface LocalStack extends Devnet {
  panel: PanelAgent[];
  agents: AgentProcess[];
}

/** The shared infrastructure without agents: what `concord devnet` runs. */
export interface Devnet {
  nats: LocalNatsServer;
  evm: LocalEvm;
  nc: NatsConnection;
  clients: ChainClients;
  chain: ChainContext;
  deployment: Deployment;
  orchestrator: Wallet;
  submitter: Wallet;
  /** NATS credentials of an agent the devnet was started for (undefined on an open devnet). */
  natsAuthFor(agent: string): NatsAuth | undefined;
  /**
   * The read-only user for the dApp's live view over WebSocket: session events only (undefined
   * on an open devnet).
   */
  viewer?: NatsAuth;
  /** Every NATS user by role, as the stack's record holds them (undefined on an open devnet). */
  natsUsers?: NatsUsers;
  /**
   * When the server runs in operator mode (with agentNames): issues NATS credentials to agents
   * registered on chain later, and revokes them on retirement or signer rotation. Serve it with
   * the dApp server (POST /api/agents/join).
   */
  onboarding?: AgentOnboarding;
  /** Resolves if nats-server or the hardhat node exits on its own, saying which and how. */
  died: Promise<string>;
  stop(): Promise<void>;
}

export async function startDevnet(
  options: {
    log?: (line: string) => void;
    /** Job redelivery after an orchestrator stops signalling progress (tests shorten it). */
    jobAckWaitMs?: number;
    /** NATS client port (default: a free one). */
    natsPort?: number;
    /** JSON-RPC port (default: a free one). */
    rpcPort?: number;
    /**
     * Agents to create NATS users for, each limited to its own subjects; the server then
     * requires credentials from everyone. Without it the devnet's NATS is open.
     */
    agentNames?: readonly string[];
    /** Wait out a stalled or unreachable node for this long per request (connectChain's outageMs). */
    rpcOutageMs?: number;
  } = {},
): Promise<Devnet> {
  const log = options.log ?? (() => {});
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  // With agent names the server runs in operator mode: every role below is a JWT user of the
  // stack's agents account, and agents that register later can join (docs/protocol.md).
  const natsTrust = options.agentNames && (await createNatsTrust());
  const roles = natsTrust && (await issueRoleUsers(natsTrust, options.agentNames!));
  const natsAuthFor = (agent: string): NatsAuth | undefined => roles?.agents[agent];
  try {
    log("starting nats-server (JetStream, WebSocket) and a hardhat node...");
    // allSettled, so a server that did start is stopped when the other one fails.
    const [natsStart, evmStart] = await Promise.allSettled([
      startNatsServer({ log, port: options.natsPort, maxPayload: NATS_MAX_PAYLOAD_BYTES, trust: natsTrust }),
      startHardhatNode({ port: options.rpcPort }),
    ]);
    if (natsStart.status === "fulfilled") cleanups.push(() => natsStart.value.stop());
    if (evmStart.status === "fulfilled") cleanups.push(() => evmStart.value.stop());
    if (natsStart.status === "rejected") throw natsStart.reason;
    if (evmStart.status === "rejected") throw evmStart.reason;
    const nats = natsStart.value;
    const evm = evmStart.value;
    log(`nats ${nats.url} (websocket ${nats.websocketUrl}), EVM ${evm.rpcUrl}`);

    const nc = await connect({ servers: nats.url, name: "concord-orchestrator", ...NATS_RECONNECT, ...natsAuthOptions(nats.admin) });
    connectionState(nc); // followed from the start: publishes made in an outage wait for it
    cleanups.push(() => closeConnection(nc));
    await ensureStreams(nc, { jobAckWaitMs: options.jobAckWaitMs });

    const clients = await connectChain(evm.rpcUrl, { outageMs: options.rpcOutageMs });
    // Every round's record and every settlement is its transaction: signed with the WASM library.
    const orchestrator = clients.walletFor(devnetFastAccount(ROLES.orchestrator));
    const submitter = clients.walletFor(devnetAccount(ROLES.submitter));
    const deployment = await deployConcord({
      wallet: orchestrator, publicClient: clients.publicClient, rpcUrl: evm.rpcUrl,
      orchestrator: orchestrator.account.address, treasury: devnetAccount(ROLES.treasury).address,
      devTokenHolders: Array.from({ length: DEV_TOKEN_HOLDERS }, (_, i) => devnetAccount(i).address),
    });
    const chain: ChainContext = { publicClient: clients.publicClient, deployment };
    log(`deployed AgentRegistry ${deployment.contracts.AgentRegistry}, Sessions ${deployment.contracts.Sessions}`);
    const natsUsers: NatsUsers | undefined = nats.admin && roles && { admin: nats.admin, ...roles };
    const onboarding = natsTrust && nats.updateAccount && startAgentOnboarding({
      trust: natsTrust, updateAccount: nats.updateAccount, chain, natsUrl: nats.url, reservedNames: options.agentNames!, log,
    });
    if (onboarding) cleanups.push(() => onboarding.stop());
    const died = Promise.race([nats.died, evm.died]);
    return { nats, evm, nc, clients, chain, deployment, orchestrator, submitter, natsAuthFor, viewer: roles?.viewer, natsUsers, onboarding, died, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The fixed roles' JWT users, each with its role's permissions (subjects.ts); they do not expire. */
async function issueRoleUsers(trust: NatsTrust, agentNames: readonly string[]): Promise<Omit<NatsUsers, "admin">> {
  const user = async (name: string, permissions: NatsPermissions): Promise<NatsAuth> => {
    const issued = await trust.issueUser(name, { permissions });
    return { jwt: issued.jwt, seed: issued.seed! };
  };
  const agents: Record<string, NatsAuth> = {};
  for (const name of agentNames) agents[name] = await user(`agent-${name}`, agentPermissions(name));
  return {
    cli: await user("cli", cliPermissions()),
    viewer: await user("viewer", viewerPermissions()),
    relayer: await user("relayer", relayerPermissions()),
    agents,
  };
}

export async function startLocalStack(
  options: {
    panel?: SimulatedAgentSpec[];
    /** Signing keys for the agents (fresh random keys when absent). */
    agentKeys?: readonly Hex[];
    /** Which operator registers each agent, as an offset from the first operator's account (default: one each). */
    agentOperators?: readonly number[];
    log?: (line: string) => void;
    agentLog?: (line: string) => void;
    /** Job redelivery after an orchestrator stops signalling progress (tests shorten it). */
    jobAckWaitMs?: number;
    rpcOutageMs?: number;
    /** Each agent thinks this long before answering (CONCORD_AGENT_DELAY_MS), so rounds take time. */
    agentDelayMs?: number;
  } = {},
): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const specs = options.panel ?? DEFAULT_PANEL;
  const devnet = await startDevnet({
    log, jobAckWaitMs: options.jobAckWaitMs, agentNames: specs.map((s) => s.name), rpcOutageMs: options.rpcOutageMs,
  });
  const { nats, clients, chain, deployment } = devnet;
  let agents: AgentProcess[] = [];
  const stop = async () => {
    await Promise.all(agents.map((a) => a.stop())).catch(() => {});
    await devnet.stop();
  };
  try {
    agents = specs.map((spec, i) =>
      spawnSimulatedAgent(
        { ...spec, delayMs: spec.delayMs ?? options.agentDelayMs }, { url: nats.url, auth: devnet.natsAuthFor(spec.name) }, { deployment, rpcUrl: devnet.evm.rpcUrl },
        options.agentLog ?? (() => {}), options.agentKeys?.[i],
      ),
    );
    const panel: PanelAgent[] = [];
    for (const [i, agent] of agents.entries()) {
      const operator = clients.walletFor(devnetAccount(ROLES.firstOperator + (options.agentOperators?.[i] ?? i)));
      const { agentId } = await registerAgent(chain, { wallet: operator, signer: agent.account, modelId: agent.modelId });
      panel.push({ name: agent.name, agentId, signer: agent.signer });
      log(`registered agent ${agent.name} #${agentId} (signer ${agent.signer}, operator ${operator.account.address})`);
    }
    await readyUnlessExited(awaitAgentsReady(devnet.nc, agents.map((a) => a.name)), agents);
    log(`agents ready: ${agents.map((a) => a.name).join(", ")}`);
    return { ...devnet, panel, agents, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

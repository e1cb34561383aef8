// The whole local stack on real parts: nats-server (JetStream + WebSocket), a hardhat node,
// the contracts deployed, and simulated agents registered on chain and running as processes.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Hex } from "viem";
import type { Deployment } from "../../../sdk/protocol/deployment.ts";
import { deployConcord } from "../../../deploy/deploy-concord.ts";
import { connectChain, devnetAccount, type ChainClients } from "../chain/clients.ts";
import { registerAgent, type ChainContext } from "../chain/sessions-client.ts";
import type { Wallet } from "../chain/write-contract.ts";
import { ensureStreams } from "../nats/streams.ts";
import { awaitAgentsReady } from "../nats/await-agents.ts";
import type { PanelAgent } from "../rounds/panel.ts";
import { startHardhatNode, type LocalEvm } from "./hardhat-node.ts";
import { startNatsServer, type LocalNatsServer } from "./nats-server.ts";
import { spawnSimulatedAgent, type AgentProcess, type SimulatedAgentSpec } from "./simulated-panel.ts";

export const DEFAULT_PANEL: SimulatedAgentSpec[] = [
  { name: "ada", skill: 0.9 },
  { name: "bram", skill: 0.75 },
  { name: "chloe", skill: 0.6 },
];

/** Devnet account roles: 0 deploys and orchestrates, 1..N operate agents, 9 submits tasks. */
export const ROLES = { orchestrator: 0, firstOperator: 1, submitter: 9 } as const;

export interface LocalStack {
  nats: LocalNatsServer;
  evm: LocalEvm;
  nc: NatsConnection;
  clients: ChainClients;
  chain: ChainContext;
  deployment: Deployment;
  orchestrator: Wallet;
  submitter: Wallet;
  panel: PanelAgent[];
  agents: AgentProcess[];
  stop(): Promise<void>;
}

export async function startLocalStack(
  options: {
    panel?: SimulatedAgentSpec[];
    /** Signing keys for the agents (fresh random keys when absent). */
    agentKeys?: readonly Hex[];
    log?: (line: string) => void;
    agentLog?: (line: string) => void;
    /** Job redelivery after an orchestrator stops signalling progress (tests shorten it). */
    jobAckWaitMs?: number;
  } = {},
): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const specs = options.panel ?? DEFAULT_PANEL;
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    log("starting nats-server (JetStream, WebSocket) and a hardhat node...");
    const [nats, evm] = await Promise.all([startNatsServer({ log }), startHardhatNode()]);
    cleanups.push(() => nats.stop(), () => evm.stop());
    log(`nats ${nats.url} (websocket ${nats.websocketUrl}), EVM ${evm.rpcUrl}`);

    const nc = await connect({ servers: nats.url, name: "concord-orchestrator" });
    cleanups.push(() => nc.drain());
    await ensureStreams(nc, { jobAckWaitMs: options.jobAckWaitMs });

    const clients = await connectChain(evm.rpcUrl);
    const orchestrator = clients.walletFor(devnetAccount(ROLES.orchestrator));
    const submitter = clients.walletFor(devnetAccount(ROLES.submitter));
    const deployment = await deployConcord({ wallet: orchestrator, publicClient: clients.publicClient, rpcUrl: evm.rpcUrl });
    const chain: ChainContext = { publicClient: clients.publicClient, deployment };
    log(`deployed AgentRegistry ${deployment.contracts.AgentRegistry}, Sessions ${deployment.contracts.Sessions}`);

    const agents = specs.map((spec, i) =>
      spawnSimulatedAgent(spec, nats.url, deployment, options.agentLog ?? (() => {}), options.agentKeys?.[i]),
    );
    cleanups.push(() => Promise.all(agents.map((a) => a.stop())).then(() => {}));
    const panel: PanelAgent[] = [];
    for (const [i, agent] of agents.entries()) {
      const operator = clients.walletFor(devnetAccount(ROLES.firstOperator + i));
      const agentId = await registerAgent(chain, operator, agent.signer, agent.modelId);
      panel.push({ name: agent.name, agentId, signer: agent.signer });
      log(`registered agent ${agent.name} #${agentId} (signer ${agent.signer}, operator ${operator.account.address})`);
    }
    await awaitAgentsReady(nc, agents.map((a) => a.name));
    log(`agents ready: ${agents.map((a) => a.name).join(", ")}`);
    return { nats, evm, nc, clients, chain, deployment, orchestrator, submitter, panel, agents, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

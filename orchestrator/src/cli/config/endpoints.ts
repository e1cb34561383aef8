// Where a command finds NATS, the EVM and the contracts: the flags when given, otherwise the
// running devnet's record (`concord devnet` writes it).
import type { ParseArgsOptionsConfig } from "node:util";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { ConcordError, type Deployment, deploymentSchema } from "@concord/agent-sdk/protocol";
import { connectChain, type ChainClients } from "../../chain/clients.ts";
import type { ChainContext } from "../../chain/chain-context.ts";
import { DEFAULT_DEVNET_RECORD, readDevnetRecord, type DevnetRecord } from "../../devnet/devnet-record.ts";
import type { NatsAuth } from "../../devnet/nats-server.ts";
import type { FlagValues } from "../commands/command.ts";
import { loadConfigFile } from "./config-file.ts";

export const endpointOptions = {
  record: { type: "string" },
  nats: { type: "string" },
  rpc: { type: "string" },
  deployment: { type: "string" },
} as const satisfies ParseArgsOptionsConfig;

const endpointLines: [string, string][] = [
  ["--record FILE", "devnet record to take defaults from (default .concord/devnet/devnet.json)"],
  ["--nats URL", "NATS server (default: the devnet's)"],
  ["--rpc URL", "JSON-RPC endpoint (default: the deployment's)"],
  ["--deployment FILE", "deployment record with the contract addresses (default: the devnet's)"],
];

/** The endpoint options' help, its descriptions starting at `column` like the command's own. */
export function endpointHelp(column: number): string {
  return endpointLines.map(([flag, what]) => `  ${flag.padEnd(Math.max(column - 2, flag.length + 2))}${what}`).join("\n");
}

export interface Endpoints {
  natsUrl: string;
  /** NATS credentials from the devnet record, when its server requires them. */
  natsUsers?: DevnetRecord["natsUsers"];
  rpcUrl: string;
  deployment: Deployment;
  /** The chain side came from a devnet record: its well-known accounts may serve as defaults. */
  onDevnet: boolean;
}

export async function resolveEndpoints(flags: FlagValues, needs: { nats: boolean }): Promise<Endpoints> {
  const str = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
  const needRecord = (needs.nats && !str("nats")) || !str("deployment");
  const record: DevnetRecord | undefined = needRecord ? await readDevnetRecord(str("record") ?? DEFAULT_DEVNET_RECORD) : undefined;
  const deploymentFile = str("deployment");
  const deployment = deploymentFile ? await loadConfigFile(deploymentFile, deploymentSchema) : record!.deployment;
  const rpcUrl = str("rpc") ?? deployment.rpcUrl;
  return {
    natsUrl: str("nats") ?? record?.natsUrl ?? "",
    natsUsers: str("nats") ? undefined : record?.natsUsers,
    rpcUrl,
    deployment: { ...deployment, rpcUrl },
    onDevnet: !deploymentFile && record !== undefined,
  };
}

/** The credentials an agent uses on a devnet with NATS users; a clear error if it has none. */
export function agentNatsAuth(endpoints: Endpoints, agent: string): NatsAuth | undefined {
  if (!endpoints.natsUsers) return undefined;
  const auth = endpoints.natsUsers.agents[agent];
  if (!auth) {
    const known = Object.keys(endpoints.natsUsers.agents).join(", ");
    throw new ConcordError("CONFIG_INVALID", `the devnet has NATS users for ${known} only; restart it with --agents including ${agent}`);
  }
  return auth;
}

/** Connects as the devnet's admin when its NATS requires credentials (or anonymously). */
export async function connectNats(endpoints: Endpoints, name: string): Promise<NatsConnection> {
  const url = endpoints.natsUrl;
  try {
    return await connect({ servers: url, name, maxReconnectAttempts: 3, ...endpoints.natsUsers?.admin });
  } catch (cause) {
    throw new ConcordError("NATS_UNREACHABLE", `cannot connect to NATS at ${url}: ${(cause as Error).message}`, { cause });
  }
}

export async function connectEvm(endpoints: Endpoints): Promise<{ clients: ChainClients; chain: ChainContext }> {
  let clients: ChainClients;
  try {
    clients = await connectChain(endpoints.rpcUrl);
  } catch (cause) {
    throw new ConcordError("CHAIN_UNREACHABLE", `cannot reach the JSON-RPC node at ${endpoints.rpcUrl}`, { cause });
  }
  if (clients.chain.id !== endpoints.deployment.chainId) {
    throw new ConcordError(
      "CONFIG_INVALID",
      `the node at ${endpoints.rpcUrl} is chain ${clients.chain.id}, the deployment is on chain ${endpoints.deployment.chainId}`,
    );
  }
  return { clients, chain: { publicClient: clients.publicClient, deployment: endpoints.deployment } };
}

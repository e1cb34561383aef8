// Where a command finds NATS, the EVM and the contracts: the flags when given, otherwise the
// running stack's record (`npm start` and `concord devnet` write it; devnet/devnet-record.ts).
import type { ParseArgsOptionsConfig } from "node:util";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { connectionState, natsAuthOptions, readCredsFile } from "@concord/agent-sdk/agent";
import { ConcordError, type Deployment, deploymentSchema, NATS_RECONNECT } from "@concord/agent-sdk/protocol";
import { connectChain, type ChainClients, type ConnectChainOptions } from "../../chain/clients.ts";
import type { ChainContext } from "../../chain/chain-context.ts";
import { defaultDevnetRecord, readDevnetRecord, RECORD_ENV, type DevnetRecord } from "../../devnet/devnet-record.ts";
import type { NatsAuth, NatsUsers } from "../../devnet/nats-server.ts";
import { type FlagValues, UsageError } from "../commands/command.ts";
import { loadConfigFile } from "./config-file.ts";
import { deploymentByChain, RPC_URL_ENV } from "./deployment-by-chain.ts";

export const endpointOptions = {
  record: { type: "string" },
  nats: { type: "string" },
  rpc: { type: "string" },
  deployment: { type: "string" },
  "chain-id": { type: "string" },
} as const satisfies ParseArgsOptionsConfig;

/**
 * With an explicit --nats URL, the credentials come from these (when the server needs them): a
 * .creds file (a JWT user, as `concord agent join` writes it), or a password user.
 */
const NATS_CREDS_ENV = "CONCORD_NATS_CREDS";
const NATS_USER_ENV = "CONCORD_NATS_USER";
const NATS_PASSWORD_ENV = "CONCORD_NATS_PASSWORD";

const endpointLines: [string, string][] = [
  ["--record FILE", `the running stack's record (default $${RECORD_ENV}, else .concord/devnet/devnet.json)`],
  ["--nats URL", `NATS server (default: the stack's; credentials: a .creds file named by ${NATS_CREDS_ENV}, or ${NATS_USER_ENV}, ${NATS_PASSWORD_ENV})`],
  ["--rpc URL", "JSON-RPC endpoint (default: the deployment's)"],
  ["--deployment FILE", "deployment record with the contract addresses (default: the stack's)"],
  ["--chain-id N", "use deployments/N.json (written by `concord deploy`)"],
];

/** The endpoint options' help, its descriptions starting at `column` like the command's own. */
export function endpointHelp(column: number): string {
  return endpointLines.map(([flag, what]) => `  ${flag.padEnd(Math.max(column - 2, flag.length + 2))}${what}`).join("\n");
}

export interface Endpoints {
  natsUrl: string;
  /** NATS credentials from the stack's record, when its server requires them. */
  natsUsers?: NatsUsers;
  /** With an explicit --nats URL: the credentials in the environment, if any. */
  natsEnvAuth?: NatsAuth;
  rpcUrl: string;
  deployment: Deployment;
  /** The chain side came from a stack's record: its well-known accounts may serve as defaults. */
  onDevnet: boolean;
}

export async function resolveEndpoints(flags: FlagValues, needs: { nats: boolean }): Promise<Endpoints> {
  const str = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
  const deploymentFile = str("deployment");
  // --chain-id picks a record by chain: beside a record or a deployment file it would say nothing.
  if (str("chain-id") !== undefined && (deploymentFile || str("record"))) {
    throw new UsageError(`--chain-id picks deployments/<id>.json by itself; leave it out with ${deploymentFile ? "--deployment" : "--record"}`);
  }
  const chainDeployment = deploymentFile || str("record") ? undefined : await deploymentByChain(str("chain-id"), str("rpc") ?? process.env[RPC_URL_ENV]);
  const needRecord = (needs.nats && !str("nats")) || (!deploymentFile && !chainDeployment);
  const record: DevnetRecord | undefined = needRecord ? await readDevnetRecord(str("record") ?? defaultDevnetRecord()) : undefined;
  const deployment = deploymentFile ? await loadConfigFile(deploymentFile, deploymentSchema) : (chainDeployment ?? record!.deployment);
  const rpcUrl = str("rpc") ?? (chainDeployment ? (process.env[RPC_URL_ENV] ?? deployment.rpcUrl) : deployment.rpcUrl);
  const envUser = process.env[NATS_USER_ENV];
  const envCreds = process.env[NATS_CREDS_ENV];
  return {
    natsUrl: str("nats") ?? record?.natsUrl ?? "",
    natsUsers: str("nats") ? undefined : record?.natsUsers,
    natsEnvAuth: !str("nats") ? undefined
      : envCreds ? await readCredsFile(envCreds)
      : envUser ? { user: envUser, pass: process.env[NATS_PASSWORD_ENV] ?? "" } : undefined,
    rpcUrl,
    deployment: { ...deployment, rpcUrl },
    onDevnet: !deploymentFile && !chainDeployment && record !== undefined,
  };
}

/** The credentials an agent uses on a stack with NATS users; a clear error if it has none. */
export function agentNatsAuth(endpoints: Endpoints, agent: string): NatsAuth | undefined {
  if (!endpoints.natsUsers) return endpoints.natsEnvAuth;
  const auth = endpoints.natsUsers.agents[agent];
  if (!auth) {
    const known = Object.keys(endpoints.natsUsers.agents).join(", ");
    throw new ConcordError(
      "CONFIG_INVALID",
      `the stack has NATS users for ${known} only: get credentials for ${agent} with \`concord agent join\` and pass them with --creds`,
    );
  }
  return auth;
}

/**
 * Connects as the stack's user for `role` when its NATS requires credentials: `admin` for an
 * orchestrator, `cli` for the commands that submit and read sessions, `relayer` for `concord relay`
 * (or the environment's credentials with --nats, or anonymously).
 */
export async function connectNats(endpoints: Endpoints, name: string, role: "admin" | "cli" | "relayer" = "cli"): Promise<NatsConnection> {
  const url = endpoints.natsUrl;
  const auth = endpoints.natsUsers ? endpoints.natsUsers[role] : endpoints.natsEnvAuth;
  try {
    // Once connected, an outage is waited out (the first connect still fails fast, above).
    const nc = await connect({ servers: url, name, ...NATS_RECONNECT, ...natsAuthOptions(auth) });
    connectionState(nc); // followed from the start: publishes made in an outage wait for it
    return nc;
  } catch (cause) {
    throw new ConcordError("NATS_UNREACHABLE", `cannot connect to NATS at ${url}: ${(cause as Error).message}`, { cause });
  }
}

/** `patience`: for a long-running service, wait out an RPC outage (connectChain's options). */
export async function connectEvm(endpoints: Endpoints, patience: ConnectChainOptions = {}): Promise<{ clients: ChainClients; chain: ChainContext }> {
  let clients: ChainClients;
  try {
    clients = await connectChain(endpoints.rpcUrl, patience);
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

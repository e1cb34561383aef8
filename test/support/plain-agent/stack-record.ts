// The local stack's record (docs/protocol.md, "The local stack's record"): read only the fields an
// agent needs, and refuse a record without them.
import { readFile } from "node:fs/promises";
import type { Address } from "viem";

export interface AgentEndpoints {
  natsUrl: string;
  /** This agent's NATS user (a JWT user, or a password pair); absent when the stack's NATS is open. */
  natsAuth?: { jwt: string; seed: string } | { user: string; pass: string };
  rpcUrl: string;
  chainId: number;
  registry: Address;
  sessions: Address;
}

export async function readAgentEndpoints(file: string, agent: string): Promise<AgentEndpoints> {
  const record = JSON.parse(await readFile(file, "utf8")) as {
    natsUrl?: string; rpcUrl?: string;
    natsUsers?: { agents?: Record<string, { jwt: string; seed: string } | { user: string; pass: string }> };
    deployment?: { chainId?: number; contracts?: { AgentRegistry?: Address; Sessions?: Address } };
  };
  const { natsUrl, rpcUrl, deployment } = record;
  const registry = deployment?.contracts?.AgentRegistry;
  const sessions = deployment?.contracts?.Sessions;
  if (!natsUrl || !rpcUrl || !deployment?.chainId || !registry || !sessions) throw new Error(`${file} is not a stack record`);
  const natsAuth = record.natsUsers?.agents?.[agent];
  if (record.natsUsers && !natsAuth) throw new Error(`${file} has no NATS user for agent ${agent}`);
  return { natsUrl, natsAuth, rpcUrl, chainId: deployment.chainId, registry, sessions };
}

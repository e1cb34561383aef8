#!/usr/bin/env node
// Runs one simulated agent as its own process. Configuration comes from the environment so the
// signing key never shows in a process list. NATS credentials: a JWT user (CONCORD_NATS_JWT and
// CONCORD_NATS_SEED, or a .creds file from `concord agent join` in CONCORD_NATS_CREDS), or a
// password user (CONCORD_NATS_USER, CONCORD_NATS_PASSWORD).
import { z } from "zod";
import { runAgent } from "../agent/run-agent.ts";
import { lostConnectionLine } from "../agent/watch-connection.ts";
import { readCredsFile } from "../agent/nats-auth.ts";
import type { NatsAuth } from "../protocol/nats-auth.ts";
import type { AgentDefinition } from "../agent/define-agent.ts";
import { simulatedAgent } from "../providers/simulated/simulated-agent.ts";
import { address, agentName, hash32 } from "../protocol/schemas.ts";
import { fastAccount } from "../protocol/secp256k1.ts";

const env = z
  .object({
    CONCORD_AGENT_NAME: agentName,
    CONCORD_AGENT_KEY: hash32,
    CONCORD_AGENT_SKILL: z.coerce.number().min(0).max(1),
    CONCORD_AGENT_SEED: z.string().optional(),
    /** Thinks this long before each answer, as a real model would (tests of slow rounds). */
    CONCORD_AGENT_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
    CONCORD_NATS_URL: z.string().min(1),
    CONCORD_NATS_USER: z.string().min(1).optional(),
    CONCORD_NATS_PASSWORD: z.string().min(1).optional(),
    CONCORD_NATS_JWT: z.string().min(1).optional(),
    CONCORD_NATS_SEED: z.string().regex(/^SU[A-Z2-7]+$/, "a NATS user nkey seed (SU…)").optional(),
    CONCORD_NATS_CREDS: z.string().min(1).optional(),
    CONCORD_CHAIN_ID: z.coerce.number().int().positive(),
    CONCORD_SESSIONS_ADDRESS: address,
    /** Where the agent checks each task's session before answering it (runAgent's checkSessions). */
    CONCORD_RPC_URL: z.string().url().optional(),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error(`simulated-agent: bad configuration\n${z.prettifyError(env.error)}`);
  process.exit(2);
}
const config = env.data;
const agent = slowed(
  simulatedAgent({ name: config.CONCORD_AGENT_NAME, skill: config.CONCORD_AGENT_SKILL, seed: config.CONCORD_AGENT_SEED }),
  config.CONCORD_AGENT_DELAY_MS,
);
const running = await runAgent(agent, {
  natsServers: config.CONCORD_NATS_URL,
  natsAuth: await natsAuthFromEnv(),
  account: fastAccount(config.CONCORD_AGENT_KEY),
  sessions: { chainId: config.CONCORD_CHAIN_ID, address: config.CONCORD_SESSIONS_ADDRESS },
  checkSessions: config.CONCORD_RPC_URL ? { rpcUrl: config.CONCORD_RPC_URL } : undefined,
  log: (line) => console.error(line),
});
// Before anyone can have heard it is ready: a stop signal sent as soon as its first heartbeat is
// seen must still say goodbye ("stopping") rather than kill it silently.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void running.stop().then(() => process.exit(0)));
}
// Closed for good (the server refused it, or it was closed on purpose): nothing left to do, and
// whoever runs the agent must hear it: one line and a non-zero exit, never a stack trace.
void running.lost.then((error) => {
  console.error(lostConnectionLine(`agent ${agent.name}`, error));
  process.exit(1);
});
await running.ready;
console.log(`agent ${agent.name} ready (${agent.modelId})`);

async function natsAuthFromEnv(): Promise<NatsAuth | undefined> {
  if (config.CONCORD_NATS_CREDS) return readCredsFile(config.CONCORD_NATS_CREDS);
  if (config.CONCORD_NATS_JWT && config.CONCORD_NATS_SEED) return { jwt: config.CONCORD_NATS_JWT, seed: config.CONCORD_NATS_SEED };
  if (config.CONCORD_NATS_USER) return { user: config.CONCORD_NATS_USER, pass: config.CONCORD_NATS_PASSWORD ?? "" };
  return undefined;
}

function slowed(inner: AgentDefinition, delayMs: number): AgentDefinition {
  if (delayMs === 0) return inner;
  const pause = () => new Promise((resolve) => setTimeout(resolve, delayMs));
  return {
    ...inner,
    propose: async (context) => (await pause(), inner.propose(context)),
    evaluate: async (context) => (await pause(), inner.evaluate(context)),
  };
}

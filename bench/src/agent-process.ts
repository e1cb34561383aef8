#!/usr/bin/env node
// One bench agent as its own process: the instant agent on the real protocol (runAgent, its own key
// and NATS user) and, on an admin connection, the floors' responders for the same agent slot, so
// the protocol and both floors have their agents in the same place. Configured by environment
// (the key never shows in a process list); says "ready" once all three listen.
import { natsAuthOptions, runAgent } from "@concord/agent-sdk/agent";
import type { NatsAuth } from "@concord/agent-sdk/protocol";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import type { Hex } from "viem";
import { instantAgent } from "./instant-agent.ts";
import { startFloorResponders } from "./floor-responders.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`agent-process: ${name} is not set`);
  return value;
};
const servers = env("BENCH_NATS_URL");
const name = env("BENCH_AGENT_NAME");
const account = fastAccount(env("BENCH_AGENT_KEY") as Hex);
const sessions = { chainId: Number(env("BENCH_CHAIN_ID")), address: env("BENCH_SESSIONS_ADDRESS") as Hex };
const agent = await runAgent(instantAgent(name), {
  natsServers: servers,
  natsAuth: JSON.parse(env("BENCH_AGENT_AUTH")) as NatsAuth,
  account,
  sessions,
  log: (line) => console.error(line),
});
const floors = await startFloorResponders(
  { servers, ...natsAuthOptions(JSON.parse(env("BENCH_ADMIN_AUTH")) as NatsAuth) },
  Number(env("BENCH_PANEL_SIZE")), Number(env("BENCH_AGENT_INDEX")),
  { account, contract: sessions },
);
process.once("SIGTERM", () => void Promise.allSettled([agent.stop(), floors.close()]).then(() => process.exit(0)));
await agent.ready;
console.log(`agent ${name} ready`);

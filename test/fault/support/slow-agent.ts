#!/usr/bin/env node
// One simulated agent as its own process, taking FAULT_AGENT_DELAY_MS to answer each task, so a
// round lasts long enough for a fault to land in the middle of it. Configured like
// sdk/bin/simulated-agent.ts (environment; CONCORD_NATS_URL may list several servers,
// comma-separated), except the contract it signs for: one JSON line on standard input,
// {"chainId", "sessions", "rpcUrl"} (where it checks its tasks' sessions), so the process can load while the chain is still being deployed. A task
// carrying REFUSE_MARK is declined at once.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { setTimeout as delay } from "node:timers/promises";
import { privateKeyToAccount } from "viem/accounts";
import type { Hex } from "viem";
import { runAgent, skip } from "@concord/agent-sdk/agent";
import { simulatedAgent } from "@concord/agent-sdk/providers";
import { REFUSE_MARK } from "./refuse-mark.ts";

const env = process.env;
const delayMs = Number(env.FAULT_AGENT_DELAY_MS ?? "0");
const inner = simulatedAgent({ name: env.CONCORD_AGENT_NAME!, skill: Number(env.CONCORD_AGENT_SKILL ?? "0.9"), seed: env.CONCORD_AGENT_NAME });
const agent = {
  ...inner,
  propose: async (context: Parameters<typeof inner.propose>[0]) => {
    if (context.task.includes(REFUSE_MARK)) skip("the suite's refused task");
    return (await delay(delayMs), inner.propose(context));
  },
  evaluate: async (context: Parameters<typeof inner.evaluate>[0]) => (await delay(delayMs), inner.evaluate(context)),
};
const [line] = (await once(createInterface({ input: process.stdin }), "line")) as [string];
const contract = JSON.parse(line) as { chainId: number; sessions: Hex; rpcUrl: string };
const running = await runAgent(agent, {
  natsServers: env.CONCORD_NATS_URL!.split(","),
  natsAuth: { user: env.CONCORD_NATS_USER!, pass: env.CONCORD_NATS_PASSWORD! },
  account: privateKeyToAccount(env.CONCORD_AGENT_KEY as Hex),
  sessions: { chainId: contract.chainId, address: contract.sessions },
  checkSessions: { rpcUrl: contract.rpcUrl },
  log: (line) => console.error(line),
});
process.once("SIGTERM", () => void running.stop().then(() => process.exit(0)));
await running.ready;
console.log(`agent ${agent.name} ready`);

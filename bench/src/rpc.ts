// JSON-RPC calls per session: what the orchestrator asks of its node for one 2-round session of 3
// agents, counted by method on a counting transport (rpc-counter.ts), from the plan's read to
// settlement. Sessions go through the job queue to a job worker in this process whose chain
// client counts; instant agents, a real nats-server and hardhat node. Measured: S sessions one
// after another (the first pays for the nonce and fee reads a process makes once), then K at
// once. Royalty distribution runs after each session, off its path, and is counted apart.
// Writes the rpc section of docs/benchmarks.md. Run: npm run bench:rpc [-- --sessions 10 --concurrent 16]
import { parseArgs } from "node:util";
import { keccak256, parseEther, stringToBytes } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startDevnet, ROLES } from "@concord/orchestrator/devnet/local-stack.ts";
import { connectChain, devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { createSession, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { breakdownLine, rpcCounter } from "@concord/orchestrator/chain/rpc-counter.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { startJobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";
import { runAgent, type RunningAgent } from "@concord/agent-sdk/agent";
import { INSTANT_MODEL_ID, instantAgent } from "./instant-agent.ts";
import { writeSection } from "./doc-section.ts";
import { machineLine } from "./machine.ts";

const { values } = parseArgs({
  options: { sessions: { type: "string", default: "10" }, concurrent: { type: "string", default: "16" } },
});
const SESSIONS = Number(values.sessions);
const CONCURRENT = Number(values.concurrent);
const ROUNDS = 2;
const AGENTS = 3;
const TASK = "A baker fills 12 trays with 18 rolls each and sells all but 25 rolls. How many rolls are sold? Give the number.";
const log = (line: string) => console.log(`[bench:rpc] ${line}`);

const names = Array.from({ length: AGENTS }, (_, i) => `rpc-agent${i}`);
const devnet = await startDevnet({ agentNames: names });
const running: RunningAgent[] = [];
const counter = rpcCounter();
const clients = await connectChain(devnet.evm.rpcUrl, { counter });
const chain = { publicClient: clients.publicClient, deployment: devnet.deployment };
const waiting = new Map<string, (outcome: SessionOutcome) => void>();
const worker = await startJobWorker({
  nc: devnet.nc, chain, orchestrator: clients.walletFor(devnetAccount(ROLES.orchestrator)), owner: "bench-rpc", concurrency: CONCURRENT,
  onSettled: (outcome) => waiting.get(outcome.sessionId.toString())?.(outcome),
  onFailed: (id, reason) => log(`session ${id} failed: ${reason}`),
});

type Count = { total: number; byMethod: Record<string, number> };
const snapshot = (label?: string): Count => ({ total: counter.total(label), byMethod: counter.byMethod(label) });
const sequential: Count[] = [];
const royalties: Count[] = [];
let concurrent: Count | undefined;

try {
  const agentIds: bigint[] = [];
  for (const [i, name] of names.entries()) {
    const account = privateKeyToAccount(generatePrivateKey());
    running.push(await runAgent(instantAgent(name), {
      natsServers: devnet.nats.url, natsAuth: devnet.natsAuthFor(name), account,
      sessions: { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions },
    }));
    agentIds.push((await registerAgent(devnet.chain, { wallet: devnet.clients.walletFor(devnetAccount(1 + i)), signer: account, modelId: INSTANT_MODEL_ID })).agentId);
  }
  await awaitAgentsReady(devnet.nc, names);

  /** Sessions created (by the submitter, not counted), then submitted at once; resolves when all settled. */
  const run = async (k: number): Promise<SessionOutcome[]> => {
    const ids: string[] = [];
    for (let i = 0; i < k; i++) {
      const { sessionId } = await createSession(devnet.chain, {
        wallet: devnet.submitter, taskHash: keccak256(stringToBytes(TASK)), agentIds,
        orchestrator: devnet.orchestrator.account.address, minRounds: ROUNDS, maxRounds: ROUNDS, bounty: parseEther("0.001"),
      });
      ids.push(sessionId.toString());
    }
    const settled = ids.map((id) => new Promise<SessionOutcome>((resolve) => waiting.set(id, resolve)));
    counter.reset();
    await Promise.all(ids.map((id) => submitJob(devnet.nc, { sessionId: id, task: TASK, effort: 1 })));
    return Promise.all(settled);
  };

  for (let s = 0; s < SESSIONS; s++) {
    const [outcome] = await run(1);
    sequential.push(snapshot());
    await outcome!.royalties;
    royalties.push(snapshot("royalties"));
    log(`session ${s + 1}: ${sequential.at(-1)!.total} calls (${breakdownLine(sequential.at(-1)!.byMethod)}); royalties after it ${royalties.at(-1)!.total}`);
  }
  const outcomes = await run(CONCURRENT);
  concurrent = snapshot();
  await Promise.all(outcomes.map((o) => o.royalties));
  log(`${CONCURRENT} at once: ${concurrent.total} calls (${breakdownLine(concurrent.byMethod)})`);
} finally {
  await worker.stop();
  await Promise.allSettled(running.map((a) => a.stop()));
  await devnet.stop();
}

const first = sequential[0]!;
const later = sequential.slice(1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const perMethod = (counts: Count[], k = 1) => {
  const methods = [...new Set(counts.flatMap((c) => Object.keys(c.byMethod)))].sort();
  return Object.fromEntries(methods.map((m) => [m, Number((mean(counts.map((c) => c.byMethod[m] ?? 0)) / k).toFixed(2))]));
};
const worst = Math.max(...sequential.map((c) => c.total));
const command = `npm run bench:rpc -- --sessions ${SESSIONS} --concurrent ${CONCURRENT}`;
const lines = [
  `rpc calls per session: ${worst}`,
  `  first session of a fresh orchestrator: ${first.total} (${breakdownLine(first.byMethod)})`,
  `  later sessions, mean of ${later.length}: ${mean(later.map((c) => c.total)).toFixed(2)} (${breakdownLine(perMethod(later))})`,
  `  ${CONCURRENT} sessions at once, per session: ${(concurrent!.total / CONCURRENT).toFixed(2)} (${breakdownLine(perMethod([concurrent!], CONCURRENT))})`,
  `royalty distribution per session, after it (off its path): ${mean(royalties.map((c) => c.total)).toFixed(2)} (${breakdownLine(perMethod(royalties))})`,
];
await writeSection("rpc", [
  "## JSON-RPC calls per session",
  "",
  `What the orchestrator asks of its node for one ${ROUNDS}-round session of ${AGENTS} agents taken from the job queue, counted by`,
  "method on its transport, from the plan's read to settlement (target ≤ 12; before the lean chain path: 57 on this",
  "count, with the royalty claims then on the session's path). The headline is the worst session; the first one of a",
  "process also reads the account's nonce and a fee estimate, which later sessions share. Royalty distribution",
  `(every agent's claimRoyalty in one Sessions.multicall transaction) runs after settlement and is counted apart. Rerun: \`${command}\` (${machineLine()}).`,
  "",
  "```",
  ...lines,
  "```",
].join("\n"));
console.log(lines.join("\n"));

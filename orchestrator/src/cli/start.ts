// `npm start`: the main job. A full deliberation on a local devnet (hardhat EVM + nats-server),
// three simulated agents, one session to settlement, and the dApp served on 127.0.0.1.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatEther, keccak256, parseEther, stringToBytes } from "viem";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { DEFAULT_EFFORT } from "@concord/agent-sdk/protocol";
import { DEFAULT_PANEL, startLocalStack } from "../devnet/local-stack.ts";
import { createSession } from "../chain/actions/index.ts";
import type { SessionOutcome } from "../rounds/types.ts";
import { startJobWorker, type JobWorker } from "../jobs/job-worker.ts";
import { submitJob } from "../jobs/submit-job.ts";
import { startDappServer } from "../web/dapp-server.ts";
import { terminalReporter } from "./terminal-reporter.ts";

const projectRoot = path.resolve(import.meta.dirname, "../../..");
const { values: flags } = parseArgs({
  options: {
    once: { type: "boolean", default: false },
    "min-rounds": { type: "string", default: "1" },
    "max-rounds": { type: "string", default: "5" },
    effort: { type: "string", default: String(DEFAULT_EFFORT) },
    bounty: { type: "string", default: "1" },
    port: { type: "string", default: "5173" },
    seed: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});
const minRounds = Number(flags["min-rounds"]);
const maxRounds = Number(flags["max-rounds"]);
if (!Number.isInteger(maxRounds) || maxRounds < 1 || maxRounds > 64) throw new Error(`--max-rounds must be an integer in 1..64, got ${flags["max-rounds"]}`);
if (!Number.isInteger(minRounds) || minRounds < 1 || minRounds > maxRounds) throw new Error(`--min-rounds must be an integer in 1..${maxRounds}, got ${flags["min-rounds"]}`);
const effort = Number(flags.effort);
if (!(effort > 0 && effort <= 1)) throw new Error(`--effort must be in (0, 1], got ${flags.effort}`);
const port = Number(flags.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a TCP port, got ${flags.port}`);
const bounty = parseEther(flags.bounty);
if (bounty <= 0n) throw new Error(`--bounty must be positive, got ${flags.bounty}`);

// One seed picks the task and the agents' slips, so `--seed S` replays a whole run.
const seed = flags.seed ?? String(Date.now());
const stack = await startLocalStack({
  panel: DEFAULT_PANEL.map((spec) => ({ ...spec, seed: `${spec.name}/${seed}` })),
  log: (line) => console.log(line),
  agentLog: flags.verbose ? (line) => console.log(line) : undefined,
});
let dapp: Awaited<ReturnType<typeof startDappServer>> | undefined;
let worker: JobWorker | undefined;
const shutdown = async () => {
  await worker?.stop();
  await dapp?.close();
  await stack.stop();
};
process.once("SIGINT", () => void shutdown().then(() => process.exit(130)));

try {
  const recordDir = path.join(projectRoot, ".concord/devnet");
  await mkdir(recordDir, { recursive: true });
  await writeFile(path.join(recordDir, "deployment.json"), JSON.stringify(stack.deployment, null, 2));
  const distDir = path.join(projectRoot, "app/dist");
  // The page follows sessions live over nats-server's WebSocket, as the read-only viewer user.
  const natsWebsocket = { url: stack.nats.websocketUrl, ...stack.viewer };
  dapp = await startDappServer({ distDir, deployment: stack.deployment, chain: stack.chain, port, nc: stack.nc, natsWebsocket }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    console.log(`port ${port} is taken; serving the dApp on a free port instead`);
    return startDappServer({ distDir, deployment: stack.deployment, chain: stack.chain, port: 0, nc: stack.nc, natsWebsocket });
  });
  console.log(`dApp: ${dapp.url}`);

  const problem = generateWordProblem(seededRandom(seed));
  const { sessionId } = await createSession(stack.chain, {
    wallet: stack.submitter,
    taskHash: keccak256(stringToBytes(problem.text)),
    agentIds: stack.panel.map((a) => a.agentId),
    orchestrator: stack.orchestrator.account.address,
    minRounds,
    maxRounds,
    bounty,
  });
  console.log(`\nsession ${sessionId}: bounty ${formatEther(bounty)} ETH, ${minRounds}–${maxRounds} rounds, effort ${effort}, agents ${stack.panel.map((a) => a.name).join(", ")}`);
  console.log(`task (seed ${seed}): ${problem.text}`);

  // The session goes through the job queue, as any submitter's would: an orchestrator worker
  // takes it, owns it through a KV lock, and persists every phase so it could resume elsewhere.
  const finished = new Promise<SessionOutcome>((resolve, reject) => {
    void startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: `main-${process.pid}`,
      reporterFor: (_job, panel) => terminalReporter(panel),
      onSettled: resolve,
      onFailed: (_id, reason) => reject(new Error(reason)),
    }).then((w) => (worker = w), reject);
  });
  await submitJob(stack.nc, {
    sessionId: sessionId.toString(), task: problem.text, effort,
  });
  const outcome = await finished;
  const correct = Number(outcome.answer) === problem.answer;
  console.log(`  final answer ${outcome.answer} is ${correct ? "correct" : `wrong (expected ${problem.answer})`}`);

  if (flags.once) {
    await shutdown();
  } else {
    console.log(`\nThe dApp is at ${dapp.url} — connect the dev account to see sessions and payouts. Ctrl-C stops.`);
  }
} catch (error) {
  console.error(`\nconcord: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown();
  process.exit(1);
}

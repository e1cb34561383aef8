// `npm start`: the main job. A full deliberation on a local devnet (hardhat EVM + nats-server),
// three simulated agents, one session to settlement, and the dApp served on 127.0.0.1.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatEther, keccak256, parseEther, stringToBytes } from "viem";
import { generateWordProblem } from "../../../sdk/providers/simulated/word-problems.ts";
import { seededRandom } from "../../../sdk/providers/simulated/random.ts";
import { DEFAULT_PANEL, startLocalStack } from "../devnet/local-stack.ts";
import { createSession, distributeRoyalties } from "../chain/sessions-client.ts";
import { runSession } from "../rounds/run-session.ts";
import { startDappServer } from "../web/dapp-server.ts";
import { terminalReporter } from "./terminal-reporter.ts";

const projectRoot = path.resolve(import.meta.dirname, "../../..");
const { values: flags } = parseArgs({
  options: {
    once: { type: "boolean", default: false },
    rounds: { type: "string", default: "3" },
    bounty: { type: "string", default: "1" },
    port: { type: "string", default: "5173" },
    seed: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});
const rounds = Number(flags.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 64) throw new Error(`--rounds must be an integer in 1..64, got ${flags.rounds}`);
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
const shutdown = async () => {
  await dapp?.close();
  await stack.stop();
};
process.once("SIGINT", () => void shutdown().then(() => process.exit(130)));

try {
  const recordDir = path.join(projectRoot, ".concord/devnet");
  await mkdir(recordDir, { recursive: true });
  await writeFile(path.join(recordDir, "deployment.json"), JSON.stringify(stack.deployment, null, 2));
  const distDir = path.join(projectRoot, "app/dist");
  dapp = await startDappServer({ distDir, deployment: stack.deployment, port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    console.log(`port ${port} is taken; serving the dApp on a free port instead`);
    return startDappServer({ distDir, deployment: stack.deployment, port: 0 });
  });
  console.log(`dApp: ${dapp.url}`);

  const problem = generateWordProblem(seededRandom(seed));
  const { sessionId } = await createSession(stack.chain, stack.submitter, {
    taskHash: keccak256(stringToBytes(problem.text)),
    agentIds: stack.panel.map((a) => a.agentId),
    orchestrator: stack.orchestrator.account.address,
    maxRounds: rounds,
    bounty,
  });
  console.log(`\nsession ${sessionId}: bounty ${formatEther(bounty)} ETH, ${rounds} rounds, agents ${stack.panel.map((a) => a.name).join(", ")}`);
  console.log(`task (seed ${seed}): ${problem.text}`);

  const outcome = await runSession(
    { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, reporter: terminalReporter(stack.panel) },
    { sessionId, task: problem.text, panel: stack.panel, maxRounds: rounds, phaseTimeoutMs: 30_000 },
  );
  // Settlement credits agents; crediting each agent's royalty recipients is a separate, permissionless call.
  await distributeRoyalties(stack.chain, stack.orchestrator, sessionId);
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

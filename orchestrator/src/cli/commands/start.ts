// `concord start` (what `npm start` runs): the main job. A full deliberation on a local devnet
// (hardhat EVM + nats-server), three simulated agents, one session to settlement, and the dApp
// served on 127.0.0.1. The stack's record is written like `concord devnet`'s, so every other
// command finds this stack while it runs.
import path from "node:path";
import { formatEther, parseEther } from "viem";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import {
  ConcordError, DEFAULT_EFFORT, DEFAULT_SESSION_SECONDS, MAX_ROUNDS, RPC_OUTAGE_MAX_MS, taskDataUri, MAX_TASK_FAMILY_CHARS, taskFamilyName, taskHash,
} from "@concord/agent-sdk/protocol";
import { DEFAULT_PANEL, startLocalStack, type LocalStack } from "../../devnet/local-stack.ts";
import {
  assertNoLiveRecord, defaultDevnetRecord, devnetRecordOf, removeDevnetRecord, removeDevnetRecordSync, writeDevnetRecord,
} from "../../devnet/devnet-record.ts";
import { createSession } from "../../chain/actions/index.ts";
import type { SessionOutcome } from "../../rounds/types.ts";
import { startJobWorker, type JobWorker } from "../../jobs/job-worker.ts";
import { submitJob } from "../../jobs/submit-job.ts";
import { startDappServer, type DappServer } from "../../web/dapp-server.ts";
import { devnetGateway } from "../../gateway/devnet-gateway.ts";
import { modelName, type ChatGateway } from "../../gateway/chat-gateway.ts";
import { terminalReporter } from "../terminal-reporter.ts";
import { untilSignal, UsageError, type Command, type FlagValues } from "./command.ts";

const projectRoot = path.resolve(import.meta.dirname, "../../../..");

interface StartFlags {
  once: boolean;
  minRounds: number;
  maxRounds: number;
  effort: number;
  bounty: bigint;
  port: number;
  seed: string;
  verbose: boolean;
  /** The session's task family name; none when absent. */
  taskFamily?: string;
}

/** The flags as start.ts always checked them, with the same messages. */
function startFlags(raw: FlagValues): StartFlags {
  const text = (name: string, fallback: string) => (typeof raw[name] === "string" ? (raw[name] as string) : fallback);
  const fail = (message: string) => new UsageError(message, { showUsage: false });
  const minText = text("min-rounds", "1");
  const maxText = text("max-rounds", "5");
  const minRounds = Number(minText);
  const maxRounds = Number(maxText);
  if (!Number.isInteger(maxRounds) || maxRounds < 1 || maxRounds > MAX_ROUNDS) throw fail(`--max-rounds must be an integer in 1..${MAX_ROUNDS}, got ${maxText}`);
  if (!Number.isInteger(minRounds) || minRounds < 1 || minRounds > maxRounds) throw fail(`--min-rounds must be an integer in 1..${maxRounds}, got ${minText}`);
  const effortText = text("effort", String(DEFAULT_EFFORT));
  const effort = Number(effortText);
  if (!(effort > 0 && effort <= 1)) throw fail(`--effort must be in (0, 1], got ${effortText}`);
  const portText = text("port", "5173");
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw fail(`--port must be a TCP port, got ${portText}`);
  const bountyText = text("bounty", "1");
  let bounty: bigint;
  try {
    bounty = parseEther(bountyText);
  } catch (cause) {
    throw new UsageError(`--bounty must be an amount of ETH, got ${bountyText}`, { showUsage: false, cause });
  }
  if (bounty <= 0n) throw fail(`--bounty must be positive, got ${bountyText}`);
  // One seed picks the task and the agents' slips, so `--seed S` replays a whole run.
  const seed = text("seed", String(Date.now()));
  const taskFamily = typeof raw["task-family"] === "string" ? raw["task-family"] : undefined;
  if (taskFamily !== undefined && !taskFamilyName.safeParse(taskFamily).success) throw fail(`--task-family must be a name of 1..${MAX_TASK_FAMILY_CHARS} characters, got "${taskFamily}"`);
  return { once: raw.once === true, minRounds, maxRounds, effort, bounty, port, seed, verbose: raw.verbose === true, taskFamily };
}

export const startCommand: Command = {
  name: "start",
  summary: "the main job: a devnet, three simulated agents, one session to settlement, the dApp served",
  help: `usage: concord start [--once] [--min-rounds N] [--max-rounds N] [--effort E] [--bounty ETH] [--port P] [--seed S] [--task-family NAME] [--verbose]
       npm start -- [the same options]

Starts nats-server and a hardhat node, deploys the contracts, runs three simulated agents
(${DEFAULT_PANEL.map((a) => a.name).join(", ")}), puts one session on a generated word problem through the job queue to
settlement, and serves the dApp on 127.0.0.1. Writes the stack's record (as \`concord devnet\`
does), so \`concord sessions\`, \`concord session ID\`, \`concord submit\` and the others find this
stack while it runs. Stays up until Ctrl-C, then stops everything and removes the record.

options:
  --once             stop once the session has settled
  --min-rounds N     never stop before N rounds (default 1)
  --max-rounds N     at most N rounds, 1..${MAX_ROUNDS} (default 5)
  --effort E         in (0, 1]: a round runs while it is expected to add more than
                     (1 − E) × 5 points of accuracy (default ${DEFAULT_EFFORT}: 2 points)
  --bounty ETH       escrowed bounty (default 1)
  --port P           the dApp's port (default 5173; a free one if it is taken; 0 for any)
  --seed S           picks the task and the agents' slips, so a run can be replayed (default: the time)
  --task-family NAME the session's task family (e.g. word-problems): the agents are weighed by their
                     sessions of this family only, and this one counts in it (default: no family);
                     the dApp shows it, and $CONCORD_GATEWAY_TASK_FAMILY, by name
  --verbose          print the agents' log lines
  (the record: $CONCORD_RECORD, default .concord/devnet/devnet.json)
  (the chat gateway at <dApp>/v1: token $CONCORD_GATEWAY_TOKEN, else a fresh one printed;
   bounty per request $CONCORD_GATEWAY_BOUNTY ETH, default 0.01)

example:
  npm start -- --once --seed 42`,
  options: {
    once: { type: "boolean" },
    "task-family": { type: "string" },
    "min-rounds": { type: "string" },
    "max-rounds": { type: "string" },
    effort: { type: "string" },
    bounty: { type: "string" },
    port: { type: "string" },
    seed: { type: "string" },
    verbose: { type: "boolean" },
  },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = startFlags(rawFlags);
    const recordFile = defaultDevnetRecord();
    await assertNoLiveRecord(recordFile);
    const stack = await startLocalStack({
      panel: DEFAULT_PANEL.map((spec) => ({ ...spec, seed: `${spec.name}/${flags.seed}` })),
      log: (line) => console.log(line),
      agentLog: flags.verbose ? (line) => console.log(line) : undefined,
      rpcOutageMs: RPC_OUTAGE_MAX_MS,
    });
    let dapp: DappServer | undefined;
    let worker: JobWorker | undefined;
    const stopped = untilSignal();
    let signal: NodeJS.Signals | undefined;
    process.once("exit", () => removeDevnetRecordSync(recordFile));
    // A server of the stack dying on its own ends the run, saying which; `finally` stops the rest.
    const died = stack.died.then((line) => Promise.reject(new ConcordError("PROCESS_DIED", `${line}; stopping the stack`)));
    died.catch(() => {});
    try {
      const gateway = devnetGateway(stack);
      dapp = await serveDapp(stack, flags.port, gateway, dappTaskFamilies(flags.taskFamily, gateway));
      await writeDevnetRecord(recordFile, devnetRecordOf(stack, "concord start", { dappUrl: dapp.url, apiUrl: dapp.url }));
      console.log(`dApp: ${dapp.url}`);
      console.log(`chat gateway: ${dapp.url}/v1 (model ${gateway.panels.map(modelName).join(", ")}; token ${gateway.token})`);
      const session = deliberate(stack, flags, (w) => (worker = w)).then(() => undefined);
      // Ctrl-C mid-session stops everything; the session's own end no longer matters then.
      session.catch(() => {});
      signal = await Promise.race([session, stopped, died]);
      if (signal === undefined && !flags.once) {
        console.log(`\nThe dApp is at ${dapp.url} — connect the dev account to see sessions and payouts. Ctrl-C stops.`);
        signal = await Promise.race([stopped, died]);
      }
    } finally {
      await removeDevnetRecord(recordFile);
      await worker?.stop();
      await dapp?.close();
      await stack.stop();
    }
    return signal === undefined ? 0 : signal === "SIGINT" ? 130 : 143;
  },
};

/**
 * The task families the dApp lists by name: `--task-family`'s and the gateway's panels'
 * ($CONCORD_GATEWAY_TASK_FAMILY), once each; none: undefined. The chain keeps only their hashes.
 */
export function dappTaskFamilies(sessionFamily: string | undefined, gateway: Pick<ChatGateway, "panels">): string[] | undefined {
  const names = [sessionFamily, ...gateway.panels.map((p) => p.taskFamily)].filter((name): name is string => name !== undefined);
  return names.length === 0 ? undefined : [...new Set(names)];
}

/** The dApp on `port`, or on a free one when that is taken. */
async function serveDapp(stack: LocalStack, port: number, gateway: ChatGateway, taskFamilies: string[] | undefined): Promise<DappServer> {
  const distDir = path.join(projectRoot, "app/dist");
  // The page follows sessions live over nats-server's WebSocket, as the read-only viewer user.
  const natsWebsocket = { url: stack.nats.websocketUrl, ...stack.natsUsers?.viewer };
  // It also onboards agents registered on chain later (POST /api/agents/join, `concord agent join`).
  const options = { distDir, deployment: stack.deployment, chain: stack.chain, nc: stack.nc, natsWebsocket, gateway, onboarding: stack.onboarding, taskFamilies };
  return startDappServer({ ...options, port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    console.log(`port ${port} is taken; serving the dApp on a free port instead`);
    return startDappServer({ ...options, port: 0 });
  });
}

/** One session on a generated word problem, through the job queue, to settlement. */
async function deliberate(stack: LocalStack, flags: StartFlags, started: (worker: JobWorker) => void): Promise<void> {
  const { minRounds, maxRounds, effort, bounty, seed, taskFamily } = flags;
  const problem = generateWordProblem(seededRandom(seed));
  // Fixed here so that the job's id names this session and no other (submit-job.ts).
  const deadline = (await stack.chain.publicClient.getBlock()).timestamp + DEFAULT_SESSION_SECONDS;
  const { sessionId } = await createSession(stack.chain, {
    deadline,
    wallet: stack.submitter,
    taskHash: taskHash(problem.text),
    // The text on chain too, as every other submitter's: the dApp's list shows it.
    taskURI: taskDataUri(problem.text),
    agentIds: stack.panel.map((a) => a.agentId),
    orchestrator: stack.orchestrator.account.address,
    minRounds,
    maxRounds,
    bounty,
    taskFamily,
  });
  console.log(`\nsession ${sessionId}: bounty ${formatEther(bounty)} ETH, ${minRounds}–${maxRounds} rounds, effort ${effort}${taskFamily ? `, task family ${taskFamily}` : ""}, agents ${stack.panel.map((a) => a.name).join(", ")}`);
  console.log(`task (seed ${seed}): ${problem.text}`);

  // The session goes through the job queue, as any submitter's would: an orchestrator worker
  // takes it, owns it through a KV lock, and persists every phase so it could resume elsewhere.
  const finished = new Promise<SessionOutcome>((resolve, reject) => {
    void startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: `main-${process.pid}`,
      reporterFor: (_job, panel) => terminalReporter(panel),
      onSettled: resolve,
      onFailed: (_id, reason) => reject(new Error(reason)),
    }).then((worker) => {
      started(worker);
      void worker.lost.then(reject);
    }, reject);
  });
  await submitJob(stack.nc, {
    sessionId: sessionId.toString(), task: problem.text, effort,
  }, { scope: stack.deployment, deadline });
  const outcome = await finished;
  const correct = Number(outcome.answer) === problem.answer;
  console.log(`  final answer ${outcome.answer} is ${correct ? "correct" : `wrong (expected ${problem.answer})`}`);
}

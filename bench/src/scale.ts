// Scale: K concurrent sessions through the real job queue (NSED_JOBS, one shared durable consumer)
// on one orchestrator process, then on two sharing the queue; K doubles until a session misses
// its deadline (or the ladder ends). Per K: sessions/second and the p99 round latency. Real
// nats-server and hardhat node; the orchestrators are `concord orchestrator` processes (the real
// entry); a fixed panel of instant agents runs in this process (runAgent, own keys and NATS
// users). Writes docs/benchmarks/scale.md, two SVG curves, and the scale section of
// docs/benchmarks.md. Run: npm run bench:scale [-- --ladder 1,2,4,8,16,32,64,128,256 --deadline-ms 10000]
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as setTimeoutPromise } from "node:timers/promises";
import { parseArgs } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { bytesToHex, keccak256, parseEther, stringToBytes } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import { startDevnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { createSession, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { INSTANT_MODEL_ID, instantAgent } from "./instant-agent.ts";
import { orchestratorFleet } from "./orchestrator-fleet.ts";
import { runAgent, type RunningAgent } from "@concord/agent-sdk/agent";
import { decodeMessage, DEFAULT_SESSION_SECONDS, sessionEvent, streams, unpackCalls } from "@concord/agent-sdk/protocol";
import { writeSection } from "./doc-section.ts";
import { linePlot } from "./svg-line-plot.ts";
import { machineLine } from "./machine.ts";
import { percentile, sortedOf } from "./stats.ts";
import { cpuByRole, cpuSince, pidsOf, switchesOf, type Role } from "./process-cpu.ts";
import { ALL_CPUS, canPin, cpuTimeOfWorkPerCpu, pinProcesses } from "./cpu-pinning.ts";
import { cpuPerSession, equalLoadReport, type EqualLoadStep } from "./scale-equal-load.ts";
import { splitRatios, splitWorkControl, type SplitWorkPair } from "./split-work-control.ts";

/** The equal-load steps' defaults: 200 sessions at 20 a second, three times. */
const PACED_DEFAULTS = { rate: "20", sessions: "200", repeats: "3" };
const { values } = parseArgs({
  allowNegative: true,
  options: {
    ladder: { type: "string", default: "1,2,4,8,16,32,64,128,256" },
    workers: { type: "string", default: "1,2" },
    "deadline-ms": { type: "string", default: "10000" },
    rounds: { type: "string", default: "2" },
    agents: { type: "string", default: "3" },
    // Equal load: the same sessions at the same rate on 1 and 2 orchestrators, alternating (0 skips it).
    "paced-rate": { type: "string", default: PACED_DEFAULTS.rate },
    "paced-sessions": { type: "string", default: PACED_DEFAULTS.sessions },
    "paced-repeats": { type: "string", default: PACED_DEFAULTS.repeats },
    // Equal load: orchestrators on the last CPU, everything else on the first (--no-paced-pin: unpinned).
    "paced-pin": { type: "boolean", default: true },
  },
});
const LADDER = values.ladder.split(",").map(Number);
const WORKERS = values.workers.split(",").map(Number);
const DEADLINE_MS = Number(values["deadline-ms"]);
const ROUNDS = Number(values.rounds);
const AGENTS = Number(values.agents);
const PACED_RATE = Number(values["paced-rate"]);
const PACED_SESSIONS = Number(values["paced-sessions"]);
const PACED_REPEATS = Number(values["paced-repeats"]);
const PACED_PIN = values["paced-pin"] && canPin() ? { orchestrators: String(os.cpus().length - 1), others: "0" } : undefined;
/** CPU time of one fixed piece of work pinned to each CPU, before anything else runs. */
const workMsPerCpu = PACED_RATE > 0 && PACED_PIN ? cpuTimeOfWorkPerCpu() : [];
const root = path.resolve(import.meta.dirname, "../..");
const entry = path.join(root, "orchestrator/src/cli/concord.ts");
const TASK = "A baker fills 12 trays with 18 rolls each and sells all but 25 rolls. How many rolls are sold? Give the number.";
const log = (line: string) => console.log(`[bench:scale] ${line}`);


/** What the event feed said about one session. */
interface Watched {
  submittedAt: number;
  roundStarted: Map<number, number>;
  roundMs: number[];
  endedAt?: number;
  failed?: string;
  ended: () => void;
}
/** One step: what the equal-load report reads (workers, K, rate, sessions settled, CPU, transactions) and the latencies. */
interface Step extends EqualLoadStep {
  roundP50: number;
  roundP99: number;
  sessionP50: number;
  sessionMax: number;
  /** Share of one core each part kept busy over the step (1 = a whole core). */
  busy: Map<Role, number>;
}

const ROLES: Role[] = ["hardhat node", "orchestrators", "bench process (agents)", "nats-server"];
const busyCell = (s: Step) => ROLES.map((r) => `${Math.round(100 * (s.busy.get(r) ?? 0))}%`).join(" / ");
const t0 = performance.now();
const agentNames = Array.from({ length: AGENTS }, (_, i) => `scale-agent${i}`);
const devnet = await startDevnet({ agentNames });
const running: RunningAgent[] = [];
const dir = await mkdtemp(path.join(os.tmpdir(), "concord-scale-"));
const steps: Step[] = [];
const paced: Step[] = [];
const controls: { rate: number; pairs: SplitWorkPair[] }[] = [];
const fleet = orchestratorFleet(entry, log);
const watched = new Map<string, Watched>();

try {
  // The orchestrators find the stack through its record, as any `concord` command does.
  const record = path.join(dir, "devnet.json");
  await writeDevnetRecord(record, devnetRecordOf(devnet, "bench:scale"));
  // The panel: instant agents, own keys and NATS users, registered by distinct operators.
  const agentIds: bigint[] = [];
  for (const [i, name] of agentNames.entries()) {
    const account = fastAccount(generatePrivateKey());
    running.push(await runAgent(
      instantAgent(name),
      {
        natsServers: devnet.nats.url, natsAuth: devnet.natsAuthFor(name), account,
        sessions: { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions },
        // As `concord agent` runs: each new session read from the node (1 eth_call) before its first task.
        checkSessions: { rpcUrl: devnet.evm.rpcUrl },
      },
    ));
    agentIds.push((await registerAgent(devnet.chain, { wallet: devnet.clients.walletFor(devnetAccount(1 + i)), signer: account, modelId: INSTANT_MODEL_ID })).agentId);
  }
  await awaitAgentsReady(devnet.nc, agentNames);

  // Every session's events, as an observer (the app) sees them.
  const feed = devnet.nc.subscribe(streams.events.subjects[0]);
  void (async () => {
    for await (const msg of feed) {
      const event = decodeMessage(sessionEvent, msg.data);
      const w = watched.get(event.sessionId);
      if (!w) continue;
      const now = performance.now();
      if (event.type === "round-started") w.roundStarted.set(event.round, now);
      else if (event.type === "round-recorded") w.roundMs.push(now - (w.roundStarted.get(event.round) ?? now));
      else if (event.type === "session-settled" || event.type === "session-failed") {
        w.endedAt = now;
        if (event.type === "session-failed") w.failed = event.reason;
        w.ended();
      }
    }
  })();

  /**
   * K sessions created on chain first (untimed), then submitted at once, or `rate` a second when
   * paced; waits until all end or the deadline is long gone.
   */
  async function step(workers: number, k: number, rate?: number): Promise<Step> {
    const ids: string[] = [];
    const deadlines = new Map<string, bigint>();
    for (let i = 0; i < k; i++) {
      const deadline = (await devnet.chain.publicClient.getBlock()).timestamp + DEFAULT_SESSION_SECONDS;
      const { sessionId } = await createSession(devnet.chain, {
        deadline,
        wallet: devnet.submitter,
        taskHash: keccak256(stringToBytes(TASK)), agentIds, orchestrator: devnet.orchestrator.account.address,
        minRounds: ROUNDS, maxRounds: ROUNDS, bounty: parseEther("0.001"),
      });
      ids.push(sessionId.toString());
      deadlines.set(sessionId.toString(), deadline);
    }
    const ends: Promise<void>[] = [];
    const firstBlock = await devnet.chain.publicClient.getBlockNumber();
    const cpuBefore = cpuByRole();
    const orchestrators = pidsOf(["orchestrators"]);
    const switchesBefore = switchesOf(orchestrators);
    const start = performance.now();
    for (const [i, id] of ids.entries()) {
      let ended!: () => void;
      ends.push(new Promise<void>((resolve) => (ended = resolve)));
      const submittedAt = rate === undefined ? start : start + (1000 * i) / rate;
      watched.set(id, { submittedAt, roundStarted: new Map(), roundMs: [], ended });
    }
    const submit = (id: string) =>
      submitJob(devnet.nc, { sessionId: id, task: TASK, effort: 1, budget: { phaseTimeoutMs: DEADLINE_MS } }, { scope: devnet.deployment, deadline: deadlines.get(id)! });
    if (rate === undefined) await Promise.all(ids.map(submit));
    else {
      // Session i goes at start + i / rate, whatever the submits before it took.
      const submits: Promise<unknown>[] = [];
      for (const [i, id] of ids.entries()) {
        await setTimeoutPromise(Math.max(0, start + (1000 * i) / rate - performance.now()));
        submits.push(submit(id));
      }
      await Promise.all(submits);
    }
    // Sessions past their deadline still run on; give them a while to end so the next step starts clean.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(ends), new Promise((resolve) => (timer = setTimeout(resolve, 3 * DEADLINE_MS)))]);
    clearTimeout(timer);
    const wall = (performance.now() - start) / 1000;
    const cpu = cpuSince(cpuBefore);
    const switchesAfter = switchesOf(orchestrators);
    const busy = new Map([...cpu].map(([role, seconds]) => [role, seconds / wall] as const));
    const { transactions, calls } = await transactionsSince(firstBlock);
    const sessions = ids.map((id) => watched.get(id)!);
    const settled = sessions.filter((s) => s.endedAt !== undefined && !s.failed);
    const onTime = settled.filter((s) => s.endedAt! - s.submittedAt <= DEADLINE_MS);
    const lastEnd = Math.max(...settled.map((s) => s.endedAt!));
    const rounds = sortedOf(sessions.flatMap((s) => s.roundMs));
    const durations = sortedOf(settled.map((s) => s.endedAt! - s.submittedAt));
    return {
      workers, k, rate,
      settled: settled.length,
      missed: k - onTime.length,
      failed: sessions.filter((s) => s.failed).length,
      perSecond: settled.length ? settled.length / ((lastEnd - start) / 1000) : 0,
      roundP50: percentile(rounds, 50),
      roundP99: percentile(rounds, 99),
      sessionP50: percentile(durations, 50),
      sessionMax: durations.at(-1) ?? Number.NaN,
      busy, cpu, transactions, calls,
      switches: { slept: switchesAfter.slept - switchesBefore.slept, preempted: switchesAfter.preempted - switchesBefore.preempted },
    };
  }

  /** The transactions mined after block `first` (untimed, after the step) and the calls they carried. */
  async function transactionsSince(first: bigint): Promise<{ transactions: number; calls: number }> {
    const last = await devnet.chain.publicClient.getBlockNumber();
    let transactions = 0;
    let calls = 0;
    for (let n = first + 1n; n <= last; n++) {
      const block = await devnet.chain.publicClient.getBlock({ blockNumber: n, includeTransactions: true });
      for (const tx of block.transactions) {
        transactions += 1;
        calls += unpackCalls(tx.input)?.length ?? 1;
      }
    }
    return { transactions, calls };
  }

  const jsm = await jetstreamManager(devnet.nc);
  /** Starts `workers` orchestrators, runs `body` on them after a warm-up session, stops them. */
  async function withOrchestrators(workers: number, tag: string, body: () => Promise<void>, cpus?: string): Promise<void> {
    const orchestrators = await Promise.all(
      Array.from({ length: workers }, (_, w) => fleet.start({
        owner: `bench-${tag}-${workers}x-${w}`, privateKey: bytesToHex(devnetAccount(5 + w).getHdKey().privateKey!),
        record, concurrency: Math.min(256, Math.max(...LADDER, PACED_SESSIONS)), // the orchestrator takes at most 256
        cpus,
      })),
    );
    await step(workers, 1); // warm-up (untimed): JIT, connections, the first recovery of each agent's key
    await body();
    await Promise.all(orchestrators.map(fleet.stop));
    // A session left unfinished must not be picked up by the next configuration's orchestrators.
    await jsm.streams.purge(streams.jobs.name);
  }
  for (const workers of WORKERS) {
    await withOrchestrators(workers, "ladder", async () => {
      for (const k of LADDER) {
        const result = await step(workers, k);
        steps.push(result);
        log(`${workers} orchestrator(s), K=${k}: ${result.perSecond.toFixed(2)} sessions/s, round p50 ${result.roundP50.toFixed(0)} ms, p99 ${result.roundP99.toFixed(0)} ms, session max ${result.sessionMax.toFixed(0)} ms, missed ${result.missed}, CPU ${busyCell(result)}`);
        if (result.missed > 0) break;
      }
    });
  }
  // Equal load: the same number of sessions at the same rate on one orchestrator and on two, in
  // turn, so both see the machine equally busy (and equally drifting) and their CPU per session
  // compares the work, not the contention of a saturated machine.
  // The vCPUs of this kind of machine differ in speed, so the orchestrators share one CPU and the
  // other parts the other: one orchestrator's CPU time and two's are then counted on the same CPU.
  const others = pidsOf(["hardhat node", "nats-server", "bench process (agents)", "other"]);
  if (PACED_RATE > 0 && PACED_PIN) pinProcesses(others, PACED_PIN.others);
  // One orchestrator at half the rate carries what each of two does: it tells a process's cost of
  // carrying less load apart from work the second process would add.
  const configurations = [
    { workers: 1, rate: PACED_RATE, sessions: PACED_SESSIONS },
    { workers: 2, rate: PACED_RATE, sessions: PACED_SESSIONS },
    { workers: 1, rate: PACED_RATE / 2, sessions: Math.round(PACED_SESSIONS / 2) },
  ];
  for (let r = 0; PACED_RATE > 0 && r < PACED_REPEATS; r++) {
    for (const { workers, rate, sessions } of configurations) {
      await withOrchestrators(workers, `paced${r}`, async () => {
        const result = await step(workers, sessions, rate);
        paced.push(result);
        log(`paced, run ${r + 1}, ${workers} orchestrator(s) at ${rate}/s: ${result.settled} settled, missed ${result.missed}, orchestrators' CPU per session ${cpuPerSession(result, ["orchestrators"])}, all parts ${cpuPerSession(result, ROLES)}`);
      }, PACED_PIN?.orchestrators);
    }
    // The control: fixed work as busy as the lone orchestrator at the full rate was, in one process and in two.
    const lone = paced.at(-3);
    if (PACED_PIN && lone?.settled) {
      const pieceMs = workMsPerCpu[Number(PACED_PIN.orchestrators)]! / 1000;
      const rate = (1000 * (lone.busy.get("orchestrators") ?? 0)) / pieceMs;
      const pairs = await splitWorkControl({ cpu: PACED_PIN.orchestrators, rate, seconds: 2, pairs: 3 });
      controls.push({ rate, pairs });
      log(`paced, run ${r + 1}, control at ${rate.toFixed(0)} pieces/s: two processes over one ${splitRatios(pairs).map((x) => x.toFixed(2)).join(", ")}`);
    }
  }
  if (PACED_PIN) pinProcesses(others, ALL_CPUS);
  feed.unsubscribe();
} finally {
  await fleet.stopAll();
  await Promise.allSettled(running.map((a) => a.stop()));
  await devnet.stop();
  await rm(dir, { recursive: true, force: true });
}

const elapsed = (performance.now() - t0) / 1000;
const machine = machineLine();
// The equal-load options only where they differ from their defaults.
const pacedOptions = [
  values["paced-rate"] !== PACED_DEFAULTS.rate ? ` --paced-rate ${PACED_RATE}` : "",
  values["paced-sessions"] !== PACED_DEFAULTS.sessions ? ` --paced-sessions ${PACED_SESSIONS}` : "",
  values["paced-repeats"] !== PACED_DEFAULTS.repeats ? ` --paced-repeats ${PACED_REPEATS}` : "",
  values["paced-pin"] ? "" : " --no-paced-pin",
].join("");
const command = `npm run bench:scale -- --ladder ${LADDER.join(",")} --deadline-ms ${DEADLINE_MS} --rounds ${ROUNDS}${pacedOptions}`;
const label = (w: number) => `${w} orchestrator${w === 1 ? "" : "s"}`;
const ok = (s: Step) => s.missed === 0;

/** The largest K every session of which met its deadline, and the best throughput on the way. */
function summary(workers: number) {
  const mine = steps.filter((s) => s.workers === workers);
  const best = mine.filter(ok).reduce<Step | undefined>((a, s) => (!a || s.perSecond > a.perSecond ? s : a), undefined);
  const lastOk = mine.filter(ok).at(-1);
  const miss = mine.find((s) => !ok(s));
  return { mine, best, lastOk, miss };
}
const headline = WORKERS.map((w) => {
  const { best, lastOk, miss } = summary(w);
  const peak = best ? `peak ${best.perSecond.toFixed(2)} sessions/s at K=${best.k}` : "no K met the deadline";
  const p99 = lastOk ? `, p99 round ${lastOk.roundP99.toFixed(1)} ms at K=${lastOk.k}` : "";
  const missed = miss ? `; first missed deadline at K=${miss.k} (${miss.missed} of ${miss.k})` : `; no deadline missed up to K=${LADDER.at(-1)}`;
  return `scale ${label(w)}: ${peak}${p99}${missed}`;
});

/** Where throughput stops growing: the first K within 10% of the peak, and who was busiest there. */
const knees = WORKERS.flatMap((w) => {
  const { mine, best } = summary(w);
  const knee = best && mine.filter(ok).find((s) => s.perSecond >= 0.9 * best.perSecond);
  if (!knee) return [];
  const [role, share] = [...knee.busy].filter(([r]) => r !== "other").sort((a, b) => b[1] - a[1])[0] ?? ["?", 0];
  const total = [...knee.busy.values()].reduce((a, b) => a + b, 0);
  return [`- ${label(w)}: throughput is within 10% of its peak from K=${knee.k} (${knee.perSecond.toFixed(2)} sessions/s); past it, more` +
    ` sessions only queue and round latency grows with K. At the knee the busiest part is the ${role} (${Math.round(100 * share)}% of a core);` +
    ` all parts together ${Math.round(100 * total)}% of the machine's ${os.cpus().length * 100}%` +
    (share < 0.8 && total < 0.8 * os.cpus().length
      ? ": no part of ours saturated, so the plateau is waiting (chain round trips, receipts) and whatever else ran on the machine (see the load average)."
      : ".")];
});

/** All orchestrator processes' CPU time over the step, per settled session (busy is a share of one core). */
function orchestratorCpuPerSession(s: Step): string {
  const busy = s.busy.get("orchestrators");
  return busy === undefined || s.perSecond === 0 ? "–" : `${((busy * 1000) / s.perSecond).toFixed(1)} ms`;
}

const table = [
  `| orchestrators | K | settled | missed deadline | sessions/s | round p50 | round p99 | session p50 | session max | CPU busy: ${ROLES.join(" / ")} | orchestrators' CPU per session | transactions per session (calls per transaction) |`,
  "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...steps.map((s) =>
    `| ${s.workers} | ${s.k} | ${s.settled} | ${s.missed}${s.failed ? ` (${s.failed} failed)` : ""} | ${s.perSecond.toFixed(2)} | ${s.roundP50.toFixed(1)} ms | ${s.roundP99.toFixed(1)} ms | ${s.sessionP50.toFixed(0)} ms | ${s.sessionMax.toFixed(0)} ms | ${busyCell(s)} | ${orchestratorCpuPerSession(s)} | ${s.settled ? (s.transactions / s.settled).toFixed(2) : "–"} (${s.transactions ? (s.calls / s.transactions).toFixed(2) : "–"}) |`),
];
const series = (pick: (s: Step) => number) => WORKERS.map((w) => ({
  name: label(w), points: steps.filter((s) => s.workers === w && s.settled > 0).map((s) => [s.k, pick(s)] as const),
}));
await mkdir(path.join(root, "docs/benchmarks"), { recursive: true });
await writeFile(path.join(root, "docs/benchmarks/scale-throughput.svg"), linePlot({
  title: "Sessions per second as concurrent sessions grow", xLabel: "concurrent sessions K (log2)", yLabel: "sessions / s", logX: 2, series: series((s) => s.perSecond),
}));
await writeFile(path.join(root, "docs/benchmarks/scale-latency.svg"), linePlot({
  title: "p99 round latency as concurrent sessions grow", xLabel: "concurrent sessions K (log2)", yLabel: "p99 round latency (ms)", logX: 2, series: series((s) => s.roundP99),
}));

// The headline, the table and the knees: in the details page and in docs/benchmarks.md alike.
const equalLoad = equalLoadReport({
  steps: paced, rate: PACED_RATE, sessions: PACED_SESSIONS, repeats: PACED_REPEATS, pin: PACED_PIN, workMsPerCpu, roles: ROLES, busyCell, controls,
});
const results = ["```", ...headline, ...equalLoad.headline, "```", "", ...table, "", ...knees, "", ...equalLoad.text];
const doc = [
  "# Scale: concurrent sessions on one and two orchestrators",
  "",
  `Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)}, ${machine}; whole run ${elapsed.toFixed(0)} s.`,
  "",
  `Real nats-server (per-agent users) and hardhat node (automine). A fixed panel of ${AGENTS} instant agents runs in the`,
  "bench process (`runAgent`, own keys and NATS users); the orchestrators are `concord orchestrator` processes taking jobs",
  "from the NSED_JOBS work queue through its one shared durable consumer, each with its own relay key (every round is",
  "attested by all agents, so any address may record it and settle once the last round is in). Per step K sessions of",
  `${ROUNDS} rounds are created on chain (untimed), then submitted at once; a session meets its deadline when its`,
  `\`session-settled\` event arrives within ${DEADLINE_MS / 1000} s of the submit. Round latency is round-started → round-recorded as`,
  "seen on the event feed (propose, evaluate, tally, `recordRound` receipt). sessions/s = settled sessions / time from the",
  "submit to the last settlement. The ladder stops at the first K with a missed deadline. Everything (agents, orchestrators,",
  `nats-server, hardhat) shares this machine's ${os.cpus().length} cores. CPU busy: each part's CPU time over the step's wall time,`,
  "from /proc (100% = one core), so the part that saturates first shows where the knee comes from. Transactions per",
  "session: the transactions mined during the step (automine, one a block: rounds, settlements, royalty claims) over the",
  "sessions settled, and the calls they carried per transaction (each call of a `Sessions.multicall` counts): the same",
  "work per session with one orchestrator and with two says nothing ran twice and batching held.",
  "",
  ...results,
  "![sessions per second](scale-throughput.svg)",
  "",
  "![p99 round latency](scale-latency.svg)",
  "",
];
await writeFile(path.join(root, "docs/benchmarks/scale.md"), doc.join("\n"));
await writeSection("scale", [
  "## Scale",
  "",
  `K concurrent ${ROUNDS}-round sessions through the job queue on 1 and 2 orchestrator processes, instant agents that check each`,
  `new session on chain before its first task (as \`concord agent\` does: 1 eth_call per agent and session), ${DEADLINE_MS / 1000} s`,
  `deadline per session. Details: [benchmarks/scale.md](benchmarks/scale.md). Rerun: \`${command}\` (${machine}).`,
  "",
  ...results,
  "![sessions per second](benchmarks/scale-throughput.svg)",
  "![p99 round latency](benchmarks/scale-latency.svg)",
].join("\n"));
console.log(doc.join("\n"));

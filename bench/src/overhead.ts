// Protocol overhead: time per round with instant agents (N = 3, 5, 8) on a real nats-server and
// hardhat node, against two floors measured in the same run with the same message sizes: core NATS
// (fan-out/fan-in, no acks) and JetStream (tasks over core NATS, answers stored in a stream and
// acked, as the protocol's results are). The round's chain record (tally → landed, sent while the
// next round runs) is reported apart, and so is the CPU a 2-round, 3-agent session costs across
// every process. Writes docs/benchmarks/overhead.md and the overhead section of docs/benchmarks.md.
// Run: npm run bench:overhead [-- --sessions 30 --rounds 3 --cpu-sessions 20 --cpu-profile FILE]
// (--cpu-profile: a V8 profile of the orchestrator's process over the CPU sessions only)
//
// Agents run in processes of their own (agent-process.ts, one per agent, own key and NATS user),
// and the floors' responders run in the same processes, so the round and its floors differ only in
// what the protocol does.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { keccak256, parseEther, stringToBytes } from "viem";
import { generatePrivateKey } from "viem/accounts";
import type { ChildProcess } from "node:child_process";
import { fastAccount, secp256k1Backend } from "@concord/agent-sdk/secp256k1";
import { startDevnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { createSession, registerAgent, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { PanelAgent } from "@concord/orchestrator/nats/panel-agent.ts";
import type { Reporter } from "@concord/orchestrator/rounds/types.ts";
import { INSTANT_MODEL_ID, INSTANT_SOLUTION } from "./instant-agent.ts";
import { spawnAgentProcess, stopAgentProcess } from "./agent-processes.ts";
import { childCpuByGroupMs, cpuPerSessionMs } from "./proc-stat.ts";
import { readRunCpu } from "./run-cpu.ts";
import { cpuWindows } from "./cpu-windows.ts";
import { agentExtra, coresBusy, cpuBudgetAtRatio2, cpuPerRoundLine, splitOf, sumOf } from "./overhead-cpu.ts";
import { startCpuProfile } from "./cpu-profile.ts";
import { publishToStream } from "@concord/agent-sdk/agent";
import { writeSection } from "./doc-section.ts";
import { profileRoundPieces, timeIt } from "./overhead-profile.ts";
import { ensureFloorStream, floorRound, watchSizes, type Sizes } from "./raw-nats.ts";
import { linePlot } from "./svg-line-plot.ts";
import { machineLine } from "./machine.ts";
import { whatIsMeasured } from "./overhead-text.ts";
import { meanOf, summarize } from "./stats.ts";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "30" }, rounds: { type: "string", default: "3" }, sizes: { type: "string", default: "3,5,8" },
    "cpu-sessions": { type: "string", default: "20" },
    "cpu-profile": { type: "string" },
  },
});
const CPU_SESSIONS = Number(values["cpu-sessions"]);
/** The session whose CPU is counted: 2 rounds, 3 agents (run with the N = 3 panel). */
const CPU_SHAPE = { agents: 3, rounds: 2 } as const;
const SESSIONS = Number(values.sessions);
const ROUNDS = Number(values.rounds);
const SIZES = values.sizes.split(",").map(Number);
const root = path.resolve(import.meta.dirname, "../..");
const TASK = "A baker fills 12 trays with 18 rolls each and sells all but 25 rolls. How many rolls are sold? Give the number.";

const stats = summarize;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const ratioOf = (a: number, b: number) => (Number(a.toFixed(1)) / Number(b.toFixed(1))).toFixed(2);

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${n}-agent${i}`);
const t0 = performance.now();
// Profile: the pieces of a round, timed alone on this machine (the N = 5 message shapes), before
// the devnet starts so nothing else competes for the CPU.
const pieces = await profileRoundPieces(TASK, INSTANT_SOLUTION);
const devnet = await startDevnet({ agentNames: SIZES.flatMap(names) });
const agents: ChildProcess[] = [];
type Row = {
  n: number; propose: number[]; evaluate: number[]; protocol: number[]; record: number[]; core: number[]; jetstream: number[]; sizes: Sizes;
  /** Each session's first round: no record of a round before it runs alongside. */
  firstRounds: number[];
  /** The checked floor: the JetStream floor with the protocol's signatures made and checked. */
  checked: number[]; cpuChecked: Map<string, number>;
  /** Mean CPU per timed round and per JetStream floor round, milliseconds by process group. */
  cpuRound: Map<string, number>; cpuFloor: Map<string, number>;
};
/** This process's group in the CPU windows: the orchestrator in a round, the floors' sender in a floor round. */
const SELF = "orchestrator";
const rows: Row[] = [];
let jsPublish = 0;
let cpu: ReturnType<typeof cpuPerSessionMs> | undefined;
let cpuGroups = new Map<string, number>();

try {
  await ensureFloorStream(devnet.nc);
  for (const n of SIZES) {
    // Agents: own key, own NATS user, own process, registered on chain by distinct operators.
    const panel: PanelAgent[] = [];
    for (const [i, name] of names(n).entries()) {
      const key = generatePrivateKey();
      const account = fastAccount(key);
      agents.push(await spawnAgentProcess(devnet, { name, key, index: i, panelSize: n }));
      const operator = devnet.clients.walletFor(devnetAccount(1 + i));
      panel.push({ name, agentId: (await registerAgent(devnet.chain, { wallet: operator, signer: account, modelId: INSTANT_MODEL_ID })).agentId, signer: account.address });
    }
    await awaitAgentsReady(devnet.nc, panel.map((a) => a.name));

    const row: Row = {
      n, propose: [], evaluate: [], protocol: [], firstRounds: [], record: [], core: [], jetstream: [], checked: [], sizes: undefined!,
      cpuRound: new Map(), cpuFloor: new Map(), cpuChecked: new Map(),
    };
    const check = { signers: panel.map((a) => a.signer), contract: { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions } };
    // This panel's processes, the devnet's nats-server and hardhat node: read at each window's edges.
    const { groups } = readRunCpu();
    const roundCpu = cpuWindows(groups, SELF);
    const floorCpu = cpuWindows(groups, SELF);
    const checkedCpu = cpuWindows(groups, SELF);
    let t = 0;
    let roundStart = 0;
    let timed = false;
    // A round's record lands while later rounds run: it is timed from its own tally, by round number.
    const talliedAt = new Map<number, number>();
    const reporter: Reporter = {
      roundStarted: () => {
        if (timed) roundCpu.open(); // before the clock starts: the reading is not the round's time
        roundStart = t = performance.now();
      },
      phaseClosed: (_r, phase) => {
        const now = performance.now();
        if (timed && phase !== "attest") (phase === "propose" ? row.propose : row.evaluate).push(now - t);
        t = now;
      },
      roundTallied: (outcome) => {
        const now = performance.now();
        talliedAt.set(outcome.round, now);
        if (timed) {
          row.protocol.push(now - roundStart);
          if (outcome.round === 1) row.firstRounds.push(now - roundStart);
          roundCpu.close();
        }
      },
      roundRecorded: (outcome) => {
        const tallied = talliedAt.get(outcome.round);
        if (timed && tallied !== undefined) row.record.push(performance.now() - tallied);
      },
    };
    const create = async (rounds: number) => (await createSession(devnet.chain, {
      wallet: devnet.submitter,
      taskHash: keccak256(stringToBytes(TASK)), agentIds: panel.map((a) => a.agentId),
      orchestrator: devnet.orchestrator.account.address, minRounds: rounds, maxRounds: rounds, bounty: parseEther("0.001"),
    })).sessionId;
    const run = async (sessionId: bigint, rounds: number) => {
      talliedAt.clear();
      return runSession(
        { nc: devnet.nc, chain: devnet.chain, orchestrator: devnet.orchestrator, reporter },
        { sessionId, task: TASK, panel, minRounds: rounds, maxRounds: rounds, effort: 1, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(devnet.chain, { sessionId }) },
      );
    };
    // Warm-up session (untimed): JIT, connections, and the message sizes of a round.
    const watch = watchSizes(devnet.nc);
    await run(await create(ROUNDS), ROUNDS);
    row.sizes = watch.stop();
    for (let w = 0; w < 20; w++) {
      await floorRound(devnet.nc, "core", n, row.sizes, -1 - w);
      await floorRound(devnet.nc, "jetstream", n, row.sizes, -1 - w);
      await floorRound(devnet.nc, "checked", n, row.sizes, -1 - w, check);
    }

    // Interleaved, so all three see the same machine state: a session, then as many rounds of each floor.
    timed = true;
    let tag = 0;
    for (let s = 0; s < SESSIONS; s++) {
      // The session's royalty claims (sent after it settles, off its path) land before the floors
      // run: neither the floors nor the next session's rounds share the machine with them.
      await (await run(await create(ROUNDS), ROUNDS)).royalties;
      for (let r = 0; r < ROUNDS; r++, tag++) {
        row.core.push(await floorRound(devnet.nc, "core", n, row.sizes, tag));
        floorCpu.open();
        row.jetstream.push(await floorRound(devnet.nc, "jetstream", n, row.sizes, tag));
        floorCpu.close();
        checkedCpu.open();
        row.checked.push(await floorRound(devnet.nc, "checked", n, row.sizes, tag, check));
        checkedCpu.close();
      }
    }
    timed = false;
    row.cpuRound = roundCpu.perWindowMs();
    row.cpuFloor = floorCpu.perWindowMs();
    row.cpuChecked = checkedCpu.perWindowMs();
    rows.push(row);
    console.log(`[bench:overhead] N=${n}: round p50 ${ms(stats(row.protocol).p50)}, JetStream floor p50 ${ms(stats(row.jetstream).p50)}, core floor p50 ${ms(stats(row.core).p50)}, checked floor p50 ${ms(stats(row.checked).p50)}, record p50 ${ms(stats(row.record).p50)}`);
    console.log(`[bench:overhead] ${cpuPerRoundLine(row)}`);

    if (n === CPU_SHAPE.agents && CPU_SESSIONS > 0) {
      // CPU of whole sessions back to back, every process counted; the sessions are created on
      // chain first (the submitter's work, not the session's).
      const ids: bigint[] = [];
      for (let k = 0; k < CPU_SESSIONS; k++) ids.push(await create(CPU_SHAPE.rounds));
      const stopProfile = values["cpu-profile"] ? await startCpuProfile(values["cpu-profile"]) : undefined;
      const before = readRunCpu();
      for (const id of ids) await (await run(id, CPU_SHAPE.rounds)).royalties;
      const after = readRunCpu();
      await stopProfile?.();
      cpu = cpuPerSessionMs(before, after, CPU_SESSIONS);
      cpuGroups = childCpuByGroupMs(before.children, after.children, after.groups, CPU_SESSIONS);
      console.log(`[bench:overhead] cpu per session: ${ms(cpu.total)} (this process ${ms(cpu.self)}, child processes ${ms(cpu.children)})`);
    }
    // This panel's processes end before the next N starts, so they take no CPU from it.
    await Promise.allSettled(agents.splice(0).map(stopAgentProcess));
  }
  // A session event: a JetStream publish awaited until the stream acknowledges it (2 per round
  // fall in the protocol phases: round-started and the propose phase-closed).
  // As the protocol publishes (publishToStream: one ack inbox per connection), each with its own id.
  const event = new Uint8Array(200);
  let id = 0;
  jsPublish = (await timeIt("JetStream publish + ack", 300, () => publishToStream(devnet.nc, "nsed.0.event.bench", event, { msgID: `bench-${id++}`, timeoutMs: 5_000 }))).each;
} finally {
  await Promise.allSettled(agents.map(stopAgentProcess));
  await devnet.stop();
}

const elapsed = (performance.now() - t0) / 1000;

// Per round each agent signs 3 times (propose header, ballot, evaluate header) and the orchestrator
// checks 3 signatures per agent (2 headers, 1 ballot) against the agent's known address.
const jsPiece = { label: "JetStream publish + ack of a session event (timed on the devnet)", each: jsPublish };
const profile = [...Object.values(pieces), jsPiece];
const signs = (n: number) => n * (2 * pieces.signPayload.each + pieces.signBallot.each);
const checks = (n: number) => n * (2 * pieces.verifyPayload.each + pieces.verifyBallot.each);
const viemSigns = (n: number) => n * (2 * pieces.viemSignPayload.each + pieces.viemSignBallot.each);
const recoveries = (n: number) => n * (2 * pieces.recoverPayload.each + pieces.recoverBallot.each);

/** Why the ratio is where it is, in a few lines for docs/benchmarks.md. */
function ratioVerdict(): string[] {
  const r5 = rows.find((r) => r.n === 5) ?? rows[0]!;
  const p = stats(r5.protocol).p50;
  const js = stats(r5.jetstream).p50;
  if (Number(ratioOf(p, js)) <= 2) return [`At N=${r5.n} the ratio is ${ratioOf(p, js)}: the goal of 2 is met.`];
  return [
    `The goal of 2 is not met (${ratioOf(p, js)} at N=${r5.n}). On this machine a round is bound by CPU, not by waiting: its processes`,
    `keep ${coresBusy(sumOf(r5.cpuRound), r5.protocol)} of the ${os.cpus().length} cores busy, as the floor's keep ${coresBusy(sumOf(r5.cpuFloor), r5.jetstream)}, and spend ${ms(sumOf(r5.cpuRound))} of CPU per round against`,
    `the floor's ${ms(sumOf(r5.cpuFloor))}.`,
    ...budgetLines(r5),
  ];
}

/** What a round at 2× the floor could spend, what the signatures alone take, and the first round (no record alongside). */
function budgetLines(r5: Row): string[] {
  const p = stats(r5.protocol).p50;
  const js = stats(r5.jetstream).p50;
  const checked = stats(r5.checked).p50;
  const first = stats(r5.firstRounds).p50;
  const budget = cpuBudgetAtRatio2(r5);
  return [
    `For 2× the floor at the same cores busy, the protocol's own work (${ms(budget.protocol)} a round: checks, signatures, hashes,`,
    `masking, tally, events, the previous round's record) would have to fit in ${ms(budget.left)}.`,
    `The signatures alone, made and checked as a round makes and checks them (${3 * r5.n} of each at N=${r5.n}), take the JetStream floor`,
    `from ${ms(js)} to ${ms(checked)} (the checked floor, ${ratioOf(checked, js)}×, spending ${ms(sumOf(r5.cpuChecked))} of CPU a round); the round is`,
    `${ratioOf(p, checked)}× that. A session's first round, which no record of a round before it runs alongside, takes`,
    `${ms(first)} (p50 of ${r5.firstRounds.length}): ${ratioOf(first, js)}× the JetStream floor, ${ratioOf(first, checked)}× the checked floor.`,
  ];
}

/** What the numbers say, recomputed from this run. */
function findings(): string[] {
  const r5 = rows.find((r) => r.n === 5) ?? rows[0]!;
  const p = stats(r5.protocol).p50;
  const js = stats(r5.jetstream).p50;
  const core = stats(r5.core).p50;
  return [
    "Findings:",
    "",
    `- At N=${r5.n} a round (start to tally) takes ${ms(p)} against ${ms(js)} for the JetStream floor (${ratioOf(p, js)}×; goal ≤ 2×,`,
    `  ${Number(ratioOf(p, js)) <= 2 ? "met" : "not met"}) and ${ms(core)} for core NATS (${ratioOf(p, core)}×); the JetStream floor is ${ratioOf(js, core)}× the core one.`,
    `- Signatures: each agent signs 3 times a round in its own process (≈ ${ms(2 * pieces.signPayload.each + pieces.signBallot.each)} of CPU per agent, in`,
    `  parallel up to the machine's ${os.cpus().length} cores); the orchestrator checks ${3 * r5.n} signatures on its one event loop, ≈ ${ms(checks(r5.n))}`,
    `  a round at N=${r5.n} (${((100 * checks(r5.n)) / p).toFixed(0)}% of the round), in sequence as the answers arrive.`,
    `  With viem's pure-JS secp256k1 the same work would cost ${ms(viemSigns(r5.n))} of signing and ${ms(recoveries(r5.n))} of recoveries per round.`,
    `- CPU, not waiting, sets the round's length on this machine: while a round at N=${r5.n} runs, its processes spend`,
    `  ${ms(sumOf(r5.cpuRound))} of CPU per round (${splitOf(r5.cpuRound)}), ${coresBusy(sumOf(r5.cpuRound), r5.protocol)} of the ${os.cpus().length} cores`,
    `  over the round's mean ${ms(meanOf(r5.protocol))}; a JetStream floor round spends ${ms(sumOf(r5.cpuFloor))} (${splitOf(r5.cpuFloor)}),`,
    `  ${coresBusy(sumOf(r5.cpuFloor), r5.jetstream)} cores over its mean ${ms(meanOf(r5.jetstream))}. The record of the round before runs in the same window (the hardhat node's share and`,
    "  part of the orchestrator's), as it does in a session.",
    ...budgetLines(r5).map((line) => `  ${line}`),
    `  Each agent spends ${ms(agentExtra(r5))} per round beyond what the floor's responder spends in the same process, where`,
    `  its work on the round's two tasks (decode, check, build, sign, encode) takes ${ms(pieces.agentRound.each)} warm, alone in one process (the pieces`,
    `  below); in the round, ${os.cpus().length} cores are shared by ${r5.n + 3} busy processes.`,
    `- The round-started and phase-closed events (JetStream, ${ms(jsPublish)} each when awaited) are queued, and their acks are awaited`,
    "  by the round's chain record, not by the round: the tally is in the round; the record (events acked, then tally → landed)",
    "  runs while the next round does and is reported apart, not in the ratio. Agents' answers and the events go out through one",
    "  ack inbox per connection (no request object, timer or Error per publish).",
    ...(cpu ? [`- A ${CPU_SHAPE.rounds}-round session of ${CPU_SHAPE.agents} agents costs ${ms(cpu.total)} of CPU over all processes (goal ≤ 70 ms, ${cpu.total <= 70 ? "met" : "not met"}):`,
      `  ${ms(cpu.self)} in this process (orchestrator and bench) and ${ms(cpu.children)} in the child processes (${[...cpuGroups].map(([g, v]) => `${g} ${ms(v)}`).join(", ")}).`] : []),
  ];
}

const machine = machineLine();
const command = `npm run bench:overhead -- --sessions ${SESSIONS} --rounds ${ROUNDS} --cpu-sessions ${CPU_SESSIONS}`;
// Ratios of the printed (rounded) values, so each line checks against itself.
const headline = [
  ...rows.map((r) => {
    const p = stats(r.protocol).p50;
    const js = stats(r.jetstream).p50;
    return `round overhead N=${r.n}: ${p.toFixed(1)} ms, JetStream floor ${js.toFixed(1)} ms, ratio ${ratioOf(p, js)}`;
  }),
  ...rows.map((r) => {
    const p = stats(r.protocol).p50;
    const core = stats(r.core).p50;
    return `core NATS floor N=${r.n}: ${core.toFixed(1)} ms, round ratio ${ratioOf(p, core)}`;
  }),
  ...rows.map((r) => {
    const p = stats(r.protocol).p50;
    const checked = stats(r.checked).p50;
    return `checked floor N=${r.n} (signatures made and checked): ${checked.toFixed(1)} ms, ${ratioOf(checked, stats(r.jetstream).p50)}× the JetStream floor, round ratio ${ratioOf(p, checked)}`;
  }),
  ...rows.map((r) => `chain record N=${r.n} (tally → landed): p50 ${ms(stats(r.record).p50)}, p99 ${ms(stats(r.record).p99)}`),
  ...rows.map(cpuPerRoundLine),
  ...(cpu ? [`cpu per session: ${cpu.total.toFixed(1)} ms (${CPU_SESSIONS} sessions of ${CPU_SHAPE.rounds} rounds, ${CPU_SHAPE.agents} agents; orchestrator process ${ms(cpu.self)}, ${[...cpuGroups].map(([g, v]) => `${g} ${ms(v)}`).join(", ")})`] : []),
];

const table = [
  "| N | rounds | propose p50 | evaluate p50 | round p50 / p99 | JetStream floor p50 / p99 | ratio | checked floor p50 / p99 | ratio | core floor p50 / p99 | ratio | chain record p50 / p99 | message sizes (bytes: propose task/result, evaluate task/result) |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map((r) => {
    const p = stats(r.protocol);
    const js = stats(r.jetstream);
    const core = stats(r.core);
    const checked = stats(r.checked);
    const rec = stats(r.record);
    return `| ${r.n} | ${p.n} | ${ms(stats(r.propose).p50)} | ${ms(stats(r.evaluate).p50)} | ${ms(p.p50)} / ${ms(p.p99)} | ${ms(js.p50)} / ${ms(js.p99)} | ${ratioOf(p.p50, js.p50)} | ${ms(checked.p50)} / ${ms(checked.p99)} | ${ratioOf(p.p50, checked.p50)} | ${ms(core.p50)} / ${ms(core.p99)} | ${ratioOf(p.p50, core.p50)} | ${ms(rec.p50)} / ${ms(rec.p99)} | ${r.sizes.proposeTask}/${r.sizes.proposeResult}, ${r.sizes.evaluateTask}/${r.sizes.evaluateResult} |`;
  }),
];
const profileTable = [
  "| piece | each |",
  "|---|---|",
  ...profile.map((p) => `| ${p.label} | ${p.each.toFixed(3)} ms |`),
];
const sigShare = rows.map((r) =>
  `N=${r.n}: ${3 * r.n} checks ≈ ${ms(checks(r.n))} on the orchestrator's loop per round, ${((100 * checks(r.n)) / stats(r.protocol).p50).toFixed(0)}% of the round's p50; ${3 * r.n} signs ≈ ${ms(signs(r.n))} of CPU spread over ${r.n} agent processes`);

const what = whatIsMeasured(CPU_SESSIONS, CPU_SHAPE);

const doc = [
  "# Protocol overhead",
  "",
  `Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)}, ${machine}; whole run ${elapsed.toFixed(0)} s.`,
  "Real nats-server (per-agent NATS users limited to their own subjects) and a hardhat node. Instant agents (a fixed short",
  "solution, +60 for every candidate) run one per process (`runAgent`, own key and NATS user); the floors' responders run",
  "in the same processes. Each N runs one untimed warm-up session, then",
  `${SESSIONS} sessions × ${ROUNDS} rounds, each session (its royalty claims landed) followed by ${ROUNDS} rounds of each floor (interleaved, same machine state).`,
  "",
  ...what,
  "",
  "```",
  ...headline,
  "```",
  "",
  ...table,
  "",
  "![round vs floors per N](overhead.svg)",
  "",
  "## Where the round's time goes",
  "",
  "Each piece timed alone in this process before the devnet starts (performance.now(), median of single calls):",
  "",
  ...profileTable,
  "",
  "Per round each agent signs 3 times (propose header, EIP-712 ballot, evaluate header) and the orchestrator checks 3",
  `signatures per agent against its known address, all secp256k1 (libsecp256k1, ${secp256k1Backend.name === "native" ? "its native addon" : "compiled to WASM"}):`,
  "",
  ...sigShare.map((l) => `- ${l}`),
  "",
  ...findings(),
  "",
];
await mkdir(path.join(root, "docs/benchmarks"), { recursive: true });
await writeFile(path.join(root, "docs/benchmarks/overhead.md"), doc.join("\n"));
await writeFile(path.join(root, "docs/benchmarks/overhead.svg"), linePlot({
  title: "Round time (start to tally) vs the floors, p50", xLabel: "agents N", yLabel: "ms per round",
  series: [
    { name: "Concord round", points: rows.map((r) => [r.n, stats(r.protocol).p50] as const) },
    { name: "JetStream floor", points: rows.map((r) => [r.n, stats(r.jetstream).p50] as const) },
    { name: "2 × JetStream floor (goal)", points: rows.map((r) => [r.n, 2 * stats(r.jetstream).p50] as const) },
    { name: "checked floor (signatures made and checked)", points: rows.map((r) => [r.n, stats(r.checked).p50] as const) },
    { name: "core NATS floor", points: rows.map((r) => [r.n, stats(r.core).p50] as const) },
  ],
}));
await writeSection("overhead", [
  "## Protocol overhead",
  "",
  "Instant agents in their own processes (without the on-chain session check, which `bench:scale` counts: this bench",
  "weighs the protocol's messages), real nats-server and hardhat node; a round (start to tally) p50 against two",
  "floors of the same message sizes measured in the same run: JetStream (answers stored in a stream and acked, as the",
  "protocol's results; goal ≤ 2×) and core NATS (no acks). The chain record (tally → landed, while the next round runs)",
  `apart; CPU per ${CPU_SHAPE.rounds}-round, ${CPU_SHAPE.agents}-agent session over all processes (goal ≤ 70 ms); CPU per round of every`,
  "process while a round, or a JetStream floor round, runs (a round's CPU includes the record of the round before, which runs",
  "alongside it).",
  `Details, p99 and the profile: [benchmarks/overhead.md](benchmarks/overhead.md). Rerun: \`${command}\` (${machine}).`,
  "",
  "```",
  ...headline,
  "```",
  "",
  ...ratioVerdict(),
  "",
  "![round vs floors per N](benchmarks/overhead.svg)",
].join("\n"));
console.log(doc.join("\n"));

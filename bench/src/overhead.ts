// Protocol overhead: time per round with instant agents (N = 3, 5, 8) on a real nats-server and
// hardhat node, split into the protocol phases (propose + evaluate) and the chain record, next to
// the raw NATS fan-out/fan-in of the same message sizes measured in the same run, plus a profile of
// the pieces a round is made of. Writes docs/benchmarks/overhead.md and the overhead section of
// docs/benchmarks.md. Run: npm run bench:overhead [-- --sessions 30 --rounds 3]
//
// Agents run in this process (runAgent), each with its own key and its own NATS user limited to its
// subjects; the raw responders run in this process too, each on its own connection, so both sides
// of the ratio share one event loop the same way.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { NatsConnection } from "@nats-io/transport-node";
import { keccak256, parseEther, stringToBytes } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import { startDevnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { createSession, registerAgent, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { PanelAgent } from "@concord/orchestrator/nats/panel-agent.ts";
import type { Reporter } from "@concord/orchestrator/rounds/types.ts";
import { INSTANT_MODEL_ID, INSTANT_SOLUTION, instantAgent } from "./instant-agent.ts";
import { runAgent, type RunningAgent } from "@concord/agent-sdk/agent";
import { jetstream } from "@nats-io/jetstream";
import { writeSection } from "./doc-section.ts";
import { profileRoundPieces, timeIt } from "./overhead-profile.ts";
import { rawRound, startRawResponders, watchSizes, type Sizes } from "./raw-nats.ts";
import { linePlot } from "./svg-line-plot.ts";
import { machineLine } from "./machine.ts";
import { summarize } from "./stats.ts";

const { values } = parseArgs({
  options: { sessions: { type: "string", default: "30" }, rounds: { type: "string", default: "3" }, sizes: { type: "string", default: "3,5,8" } },
});
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
const pieces = await profileRoundPieces(INSTANT_SOLUTION);
const devnet = await startDevnet({ agentNames: SIZES.flatMap(names) });
const running: RunningAgent[] = [];
const responders: NatsConnection[] = [];
type Row = { n: number; propose: number[]; evaluate: number[]; protocol: number[]; record: number[]; raw: number[]; sizes: Sizes };
const rows: Row[] = [];
let jsPublish = 0;

try {
  for (const n of SIZES) {
    // Agents: own key, own NATS user, registered on chain by distinct operators.
    const panel: PanelAgent[] = [];
    for (const [i, name] of names(n).entries()) {
      const account = fastAccount(generatePrivateKey());
      const agent = await runAgent(instantAgent(name), {
        natsServers: devnet.nats.url, natsAuth: devnet.natsAuthFor(name), account,
        sessions: { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions },
      });
      running.push(agent);
      const operator = devnet.clients.walletFor(devnetAccount(1 + i));
      panel.push({ name, agentId: (await registerAgent(devnet.chain, { wallet: operator, signer: account, modelId: INSTANT_MODEL_ID })).agentId, signer: account.address });
    }
    await awaitAgentsReady(devnet.nc, panel.map((a) => a.name));

    const row: Row = { n, propose: [], evaluate: [], protocol: [], record: [], raw: [], sizes: undefined! };
    let t = 0;
    let roundStart = 0;
    let phaseSum = 0;
    let timed = false;
    const reporter: Reporter = {
      roundStarted: () => (roundStart = t = performance.now()),
      phaseClosed: (_r, phase) => {
        const now = performance.now();
        if (timed) (phase === "propose" ? row.propose : row.evaluate).push(now - t);
        if (phase === "evaluate") phaseSum = now - roundStart;
        t = now;
      },
      roundRecorded: () => {
        if (!timed) return;
        row.protocol.push(phaseSum);
        row.record.push(performance.now() - t);
      },
    };
    const session = async () => {
      const { sessionId } = await createSession(devnet.chain, {
        wallet: devnet.submitter,
        taskHash: keccak256(stringToBytes(TASK)), agentIds: panel.map((a) => a.agentId),
        orchestrator: devnet.orchestrator.account.address, minRounds: ROUNDS, maxRounds: ROUNDS, bounty: parseEther("0.001"),
      });
      await runSession(
        { nc: devnet.nc, chain: devnet.chain, orchestrator: devnet.orchestrator, reporter },
        { sessionId, task: TASK, panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 1, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(devnet.chain, { sessionId }) },
      );
    };
    // Warm-up session (untimed): JIT, connections, and the message sizes of a round.
    const watch = watchSizes(devnet.nc);
    await session();
    row.sizes = watch.stop();

    responders.push(...(await startRawResponders({ servers: devnet.nats.url, ...devnet.nats.admin }, n, row.sizes)));
    const inbox = `bench.inbox.${n}`;
    for (let w = 0; w < 20; w++) await rawRound(devnet.nc, inbox, n, row.sizes, -1 - w);

    // Interleaved, so both see the same machine state: a session, then as many raw rounds.
    timed = true;
    let tag = 0;
    for (let s = 0; s < SESSIONS; s++) {
      await session();
      for (let r = 0; r < ROUNDS; r++) row.raw.push(await rawRound(devnet.nc, inbox, n, row.sizes, tag++));
    }
    timed = false;
    rows.push(row);
    console.log(`[bench:overhead] N=${n}: protocol p50 ${ms(stats(row.protocol).p50)}, raw p50 ${ms(stats(row.raw).p50)}, record p50 ${ms(stats(row.record).p50)}`);
  }
  // A session event: a JetStream publish awaited until the stream acknowledges it (2 per round
  // fall in the protocol phases: round-started and the propose phase-closed).
  const js = jetstream(devnet.nc);
  const event = new Uint8Array(200);
  jsPublish = (await timeIt("JetStream publish + ack", 300, () => js.publish("nsed.0.event.bench", event))).each;
} finally {
  await Promise.allSettled(running.map((a) => a.stop()));
  await Promise.allSettled(responders.map((c) => c.close()));
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
const sigPerRound = (n: number) => signs(n) + checks(n);

/** What the numbers say, recomputed from this run. */
function findings(): string[] {
  const r5 = rows.find((r) => r.n === 5) ?? rows[0]!;
  const p = stats(r5.protocol).p50;
  const raw = stats(r5.raw).p50;
  const sig = sigPerRound(r5.n);
  const rest = Math.max(0, p - sig);
  return [
    "Findings:",
    "",
    `- At N=${r5.n} the protocol phases take ${ms(p)} against ${ms(raw)} of raw NATS (${ratioOf(p, raw)}×; target ≤ 3×, not met).`,
    `- Signatures: ${ms(signs(r5.n))} of agent signing (${3 * r5.n} secp256k1 signs, libsecp256k1 in WASM) and ${ms(checks(r5.n))} of`,
    `  orchestrator checks (${3 * r5.n} WASM recoveries compared with the agents' known addresses) per round, ${((100 * sig) / p).toFixed(0)}% of the phases.`,
    `  With viem's pure-JS secp256k1 the same work costs ${ms(viemSigns(r5.n))} of signing and ${ms(recoveries(r5.n))} of recoveries per round at N=${r5.n};`,
    "  the WASM signatures are byte-identical to viem's (RFC 6979, low s), and a check accepts exactly what recovery to the",
    "  expected address would (refusing high s, as the contract does).",
    "- The agents sign on this process's event loop too; as separate processes on more cores their signing would overlap.",
    `- Without any signature work ≈ ${ms(rest)} would remain (${(rest / raw).toFixed(1)}× raw): the agents' awaited JetStream publishes of`,
    "  their answers, zod + JSON per message, per-message async hops and GC, all on one event loop. The round-started and",
    `  phase-closed events (JetStream, ${ms(jsPublish)} each when awaited) are now queued and their acks awaited once, before the record.`,
    `- The signature work alone (${ms(sig)}) is ${(sig / raw).toFixed(1)}× the raw fan-out/fan-in${sig / raw > 3 ? ": with a secp256k1 signature on every" : "."}`,
    ...(sig / raw > 3
      ? ["  message signed and checked in one process, ≤ 3× cannot be met."]
      : ["  The rest is what stands between this and ≤ 3×."]),
    "  What would bring it down further: agents as processes (their signing leaves this loop), and a cheaper header",
    "  signature (node:crypto ed25519 verify ≈ 0.1 ms) keeping secp256k1 only for the ballot the contract checks: a",
    "  protocol change, not made here. The chain record is measured apart and is not in the ratio.",
  ];
}

const machine = machineLine();
const command = `npm run bench:overhead -- --sessions ${SESSIONS} --rounds ${ROUNDS}`;
const headline = rows.map((r) => {
  const p = stats(r.protocol).p50;
  const raw = stats(r.raw).p50;
  // The ratio of the printed (rounded) values, so the line checks against itself.
  return `round overhead N=${r.n}: ${p.toFixed(1)} ms, raw NATS ${raw.toFixed(1)} ms, ratio ${ratioOf(p, raw)}`;
});
const recordLines = rows.map((r) => `chain record N=${r.n}: p50 ${ms(stats(r.record).p50)}, p99 ${ms(stats(r.record).p99)}`);

const table = [
  "| N | rounds | propose p50 | evaluate p50 | protocol phases p50 / p99 | raw NATS p50 / p99 | ratio (p50) | chain record p50 / p99 | message sizes (bytes: propose task/result, evaluate task/result) |",
  "|---|---|---|---|---|---|---|---|---|",
  ...rows.map((r) => {
    const p = stats(r.protocol);
    const raw = stats(r.raw);
    const rec = stats(r.record);
    return `| ${r.n} | ${p.n} | ${ms(stats(r.propose).p50)} | ${ms(stats(r.evaluate).p50)} | ${ms(p.p50)} / ${ms(p.p99)} | ${ms(raw.p50)} / ${ms(raw.p99)} | ${ratioOf(p.p50, raw.p50)} | ${ms(rec.p50)} / ${ms(rec.p99)} | ${r.sizes.proposeTask}/${r.sizes.proposeResult}, ${r.sizes.evaluateTask}/${r.sizes.evaluateResult} |`;
  }),
];
const profileTable = [
  "| piece | each |",
  "|---|---|",
  ...profile.map((p) => `| ${p.label} | ${p.each.toFixed(3)} ms |`),
];
const sigShare = rows.map((r) => {
  const sig = sigPerRound(r.n);
  return `N=${r.n}: ${3 * r.n} signs + ${3 * r.n} checks ≈ ${ms(sig)} of CPU per round, ${((100 * sig) / stats(r.protocol).p50).toFixed(0)}% of the protocol phases' p50`;
});

const doc = [
  "# Protocol overhead",
  "",
  `Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)}, ${machine}; whole run ${elapsed.toFixed(0)} s.`,
  `Real nats-server (per-agent NATS users limited to their own subjects) and a hardhat node. Instant agents (a fixed short`,
  "solution, +60 for every candidate) run in this process with `runAgent`, each with its own key and NATS user; the raw",
  "responders also run in this process, one NATS connection each. Each N runs one untimed warm-up session, then",
  `${SESSIONS} sessions × ${ROUNDS} rounds, each session followed by ${ROUNDS} raw rounds (interleaved, same machine state).`,
  "",
  "- **protocol phases**: from the round start to the close of the evaluate phase: the round-started and propose",
  "  phase-closed events (JetStream), fan-out of N propose tasks, N signed answers (header signature checked against the known signer, proposal",
  "  hash checked), masking, fan-out of N evaluate tasks, N signed ballots (header and EIP-712 ballot checked against the known signer, ballot",
  "  re-derived). The agents' own work (signing 3 times each) is on the same event loop and counts too.",
  "- **chain record**: from the close of the evaluate phase to the round recorded (the round's queued events acked, tally,",
  "  `recordRound` simulate + send + receipt, halting update).",
  "- **raw NATS**: the orchestrator's connection publishes N messages of the propose task's size to N responders that",
  "  reply with messages of the propose result's size, waits for all N, then the same with the evaluate sizes: the two",
  "  fan-out/fan-in round trips of a round's two phases, core NATS, no checks.",
  "",
  "```",
  ...headline,
  ...recordLines,
  "```",
  "",
  ...table,
  "",
  "![protocol phases vs raw NATS per N](overhead.svg)",
  "",
  "## Where the protocol time goes",
  "",
  "Each piece timed alone in this process before the devnet starts (performance.now(), median of single calls):",
  "",
  ...profileTable,
  "",
  "Per round each agent signs 3 times (propose header, EIP-712 ballot, evaluate header) and the orchestrator checks 3",
  "signatures per agent against its known address, all secp256k1 (libsecp256k1 in WASM) on one event loop here:",
  "",
  ...sigShare.map((l) => `- ${l}`),
  "",
  ...findings(),
  "",
];
await mkdir(path.join(root, "docs/benchmarks"), { recursive: true });
await writeFile(path.join(root, "docs/benchmarks/overhead.md"), doc.join("\n"));
await writeFile(path.join(root, "docs/benchmarks/overhead.svg"), linePlot({
  title: "Round time (propose + evaluate) vs raw NATS, p50", xLabel: "agents N", yLabel: "ms per round",
  series: [
    { name: "Concord protocol phases", points: rows.map((r) => [r.n, stats(r.protocol).p50] as const) },
    { name: "raw NATS fan-out/fan-in", points: rows.map((r) => [r.n, stats(r.raw).p50] as const) },
    { name: "3 × raw (target)", points: rows.map((r) => [r.n, 3 * stats(r.raw).p50] as const) },
  ],
}));
await writeSection("overhead", [
  "## Protocol overhead",
  "",
  `Instant agents, real nats-server and hardhat node; protocol phases (propose + evaluate) p50 next to the raw NATS`,
  `fan-out/fan-in of the same message sizes, measured in the same run; the chain record beside it. Target ≤ 3×.`,
  `Details, p99 and the profile: [benchmarks/overhead.md](benchmarks/overhead.md). Rerun: \`${command}\` (${machine}).`,
  "",
  "```",
  ...headline,
  ...recordLines,
  "```",
  "",
  "![protocol phases vs raw NATS per N](benchmarks/overhead.svg)",
].join("\n"));
console.log(doc.join("\n"));

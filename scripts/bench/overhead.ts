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
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { keccak256, parseEther, recoverMessageAddress, stringToBytes, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startDevnet } from "../../orchestrator/src/devnet/local-stack.ts";
import { devnetAccount } from "../../orchestrator/src/chain/clients.ts";
import { createSession, registerAgent } from "../../orchestrator/src/chain/sessions-client.ts";
import { awaitAgentsReady } from "../../orchestrator/src/nats/await-agents.ts";
import { runSession } from "../../orchestrator/src/rounds/run-session.ts";
import type { PanelAgent } from "../../orchestrator/src/rounds/panel.ts";
import type { Reporter } from "../../orchestrator/src/rounds/types.ts";
import { defineAgent } from "../../sdk/agent/define-agent.ts";
import { runAgent, type RunningAgent } from "../../sdk/agent/run-agent.ts";
import { recoverBallotSigner, signBallot } from "../../sdk/protocol/attestation.ts";
import { signPayload } from "../../sdk/protocol/message-signature.ts";
import { decodeMessage, encodeMessage, evaluateResult, evaluateTask } from "../../sdk/protocol/schemas.ts";
import { jetstream } from "@nats-io/jetstream";
import { writeSection } from "./doc-section.ts";

const { values } = parseArgs({
  options: { sessions: { type: "string", default: "30" }, rounds: { type: "string", default: "3" }, sizes: { type: "string", default: "3,5,8" } },
});
const SESSIONS = Number(values.sessions);
const ROUNDS = Number(values.rounds);
const SIZES = values.sizes.split(",").map(Number);
const root = path.resolve(import.meta.dirname, "../..");
const TASK = "A baker fills 12 trays with 18 rolls each and sells all but 25 rolls. How many rolls are sold? Give the number.";
const SOLUTION = { thoughtProcess: "12 × 18 = 216 rolls; 216 − 25 = 191.", solution: "191" };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;
const ratioOf = (a: number, b: number) => (Number(a.toFixed(1)) / Number(b.toFixed(1))).toFixed(2);

/** Answers at once: a fixed short solution and fixed endorsements (+60 for every candidate). */
function instantAgent(name: string) {
  return defineAgent({
    name, modelId: "instant@bench",
    propose: async () => SOLUTION,
    evaluate: async (ctx) => ({
      assessments: ctx.candidates.map((c) => ({
        label: c.label, endorsement: 60, justification: "checked", stance: "support" as const, isFinalSolution: true,
      })),
    }),
  });
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${n}-agent${i}`);
const t0 = performance.now();
// Profile: the pieces of a round, timed alone on this machine (the N = 5 message shapes).
// Before the devnet starts, so nothing else competes for the CPU; the median of single calls.
async function timeIt(label: string, reps: number, fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return { label, each: stats(times).p50 };
}
const account = privateKeyToAccount(generatePrivateKey());
const contract = { chainId: 31337, address: "0x5fbdb2315678afecb367f0931512aa3000000000" as Hex };
const payload = new Uint8Array(931).fill(7); // an N = 5 evaluate result
const payloadSig = await signPayload(account, payload);
const ballot = { sessionId: 1n, round: 1, proposalHash: keccak256(stringToBytes("p")), votes: "0x0506070809" as Hex };
const ballotSig = await signBallot(account, contract, ballot);
const sampleTask = {
  sessionId: "1", round: 1, task: TASK, deadline: Date.now() + 30_000,
  ownProposal: { ...SOLUTION, proposalHash: ballot.proposalHash },
  candidates: ["A", "B", "C", "D"].map((l) => ({ ...SOLUTION, label: `Candidate_${l}`, proposalHash: ballot.proposalHash })),
};
const sampleResult = {
  sessionId: "1", round: 1, agent: "bench", votes: ballot.votes, signature: ballotSig,
  evaluations: sampleTask.candidates.map((c) => ({ label: c.label, endorsement: 60, justification: "checked", stance: "support" as const, isFinalSolution: true })),
};
const profile = [
  await timeIt("secp256k1 sign, payload header (signPayload: keccak + EIP-191, viem/noble, pure JS)", 200, () => signPayload(account, payload)),
  await timeIt("secp256k1 recover, payload header (recoverMessageAddress, pure JS)", 200, () => recoverMessageAddress({ message: { raw: keccak256(payload) }, signature: payloadSig })),
  await timeIt("secp256k1 sign, EIP-712 ballot (signBallot)", 200, () => signBallot(account, contract, ballot)),
  await timeIt("secp256k1 recover, EIP-712 ballot (recoverBallotSigner)", 200, () => recoverBallotSigner(contract, ballot, ballotSig)),
  await timeIt("keccak256 of the payload", 2_000, () => keccak256(payload)),
  await timeIt("zod encode + decode, evaluate task (4 candidates)", 2_000, () => decodeMessage(evaluateTask, encodeMessage(evaluateTask, sampleTask))),
  await timeIt("zod encode + decode, evaluate result (4 assessments)", 2_000, () => decodeMessage(evaluateResult, encodeMessage(evaluateResult, sampleResult))),
];
const devnet = await startDevnet({ agentNames: SIZES.flatMap(names) });
const running: RunningAgent[] = [];
const responders: NatsConnection[] = [];
type Row = { n: number; propose: number[]; evaluate: number[]; protocol: number[]; record: number[]; raw: number[]; sizes: Sizes };
type Sizes = { proposeTask: number; proposeResult: number; evaluateTask: number; evaluateResult: number };
const rows: Row[] = [];
let jsPublish = 0;

/** Sizes of the messages of one round, seen on the wire (admin connection, warm-up session only). */
function watchSizes(nc: NatsConnection) {
  const seen: Record<string, number[]> = {};
  const sub = nc.subscribe("nsed.*.>");
  void (async () => {
    for await (const m of sub) {
      const parts = m.subject.split(".");
      const key = parts[2] === "task" ? `${parts[4]}Task` : parts[2] === "result" ? `${parts[5]}Result` : undefined;
      if (key) (seen[key] ??= []).push(m.data.length + (m.headers ? m.headers.toString().length : 0));
    }
  })();
  const avg = (k: string) => Math.round((seen[k] ?? [0]).reduce((a, b) => a + b, 0) / Math.max(1, seen[k]?.length ?? 0));
  return {
    stop: (): Sizes => {
      sub.unsubscribe();
      return { proposeTask: avg("proposeTask"), proposeResult: avg("proposeResult"), evaluateTask: avg("evaluateTask"), evaluateResult: avg("evaluateResult") };
    },
  };
}

/** Raw NATS: N task-sized messages out to N responders, N result-sized replies back, twice. */
async function rawRound(nc: NatsConnection, inbox: string, n: number, sizes: Sizes, tag: number): Promise<number> {
  const start = performance.now();
  for (const [phase, task] of [["p", sizes.proposeTask], ["e", sizes.evaluateTask]] as const) {
    const payload = new Uint8Array(task);
    let left = n;
    const all = new Promise<void>((resolve) => {
      const sub = nc.subscribe(`${inbox}.${tag}.${phase}`, {
        callback: () => {
          if (--left === 0) {
            sub.unsubscribe();
            resolve();
          }
        },
      });
    });
    for (let i = 0; i < n; i++) nc.publish(`bench.raw.${n}.${i}`, payload, { reply: `${inbox}.${tag}.${phase}` });
    await all;
  }
  return performance.now() - start;
}

try {
  for (const n of SIZES) {
    // Agents: own key, own NATS user, registered on chain by distinct operators.
    const panel: PanelAgent[] = [];
    for (const [i, name] of names(n).entries()) {
      const account = privateKeyToAccount(generatePrivateKey());
      const agent = await runAgent(instantAgent(name), {
        natsServers: devnet.nats.url, natsAuth: devnet.natsAuthFor(name), account,
        sessions: { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions },
      });
      running.push(agent);
      const operator = devnet.clients.walletFor(devnetAccount(1 + i));
      panel.push({ name, agentId: await registerAgent(devnet.chain, operator, account.address, "instant@bench"), signer: account.address });
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
      const { sessionId } = await createSession(devnet.chain, devnet.submitter, {
        taskHash: keccak256(stringToBytes(TASK)), agentIds: panel.map((a) => a.agentId),
        orchestrator: devnet.orchestrator.account.address, minRounds: ROUNDS, maxRounds: ROUNDS, bounty: parseEther("0.001"),
      });
      await runSession(
        { nc: devnet.nc, chain: devnet.chain, orchestrator: devnet.orchestrator, reporter },
        { sessionId, task: TASK, panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 1, phaseTimeoutMs: 30_000 },
      );
    };
    // Warm-up session (untimed): JIT, connections, and the message sizes of a round.
    const watch = watchSizes(devnet.nc);
    await session();
    row.sizes = watch.stop();

    // Raw responders on their own connections: reply to each task with a result-sized message.
    const rawConns: NatsConnection[] = [];
    for (let i = 0; i < n; i++) {
      const c = await connect({ servers: devnet.nats.url, ...devnet.nats.admin });
      const proposeReply = new Uint8Array(row.sizes.proposeResult);
      const evaluateReply = new Uint8Array(row.sizes.evaluateResult);
      c.subscribe(`bench.raw.${n}.${i}`, {
        callback: (_e, m) => c.publish(m.reply!, m.reply!.endsWith(".p") ? proposeReply : evaluateReply),
      });
      await c.flush();
      rawConns.push(c);
      responders.push(c);
    }
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
  jsPublish = (await timeIt("JetStream publish + ack of a session event (orchestrator, awaited)", 300, () =>
    js.publish("nsed.0.event.bench", event))).each;
} finally {
  await Promise.allSettled(running.map((a) => a.stop()));
  await Promise.allSettled(responders.map((c) => c.close()));
  await devnet.stop();
}

const elapsed = (performance.now() - t0) / 1000;

// Per round, each agent signs 3 times (propose header, ballot, evaluate header) and the
// orchestrator recovers 3 signatures per agent (2 headers, 1 ballot): 3N signs + 3N recoveries.
const each = (i: number) => profile[i]!.each;
profile.push({ label: "JetStream publish + ack of a session event (orchestrator, awaited; timed on the devnet)", each: jsPublish });
const sigPerRound = (n: number) => n * (2 * each(0) + each(2)) + n * (2 * each(1) + each(3));

/** What the numbers say, recomputed from this run. */
function findings(): string[] {
  const r5 = rows.find((r) => r.n === 5) ?? rows[0]!;
  const p = stats(r5.protocol).p50;
  const raw = stats(r5.raw).p50;
  const sig = sigPerRound(r5.n);
  const headers = 2 * r5.n * each(1);
  return [
    "Findings:",
    "",
    `- At N=${r5.n} the protocol phases take ${ms(p)} against ${ms(raw)} of raw NATS (${ratioOf(p, raw)}×, target ≤ 3×).` +
      ` Signatures are the largest part: ${ms(sig)} of pure-JS secp256k1 per round (${((100 * sig) / p).toFixed(0)}%), growing`,
    "  with N as the table's protocol column does. A recovery costs 3–4× a signing, and the orchestrator does 3N of them",
    "  one after another on its event loop (the agents' 3N signings share it here since they run in-process; as processes on",
    "  more cores they would overlap).",
    `- Messaging is not the problem: the same fan-out/fan-in is ${ms(raw)}; a JetStream publish awaited for its ack is`,
    `  ${ms(jsPublish)} (two per round's phases); zod encode + decode of a whole evaluate message is < 0.1 ms; keccak of a payload ${ms(each(4))}.`,
    "- A `node --cpu-prof` of this bench (`--sizes 5 --sessions 8`) over the sessions' window agrees: besides idle (waiting",
    "  for hardhat and the network), @noble/curves is the largest item (≈ 13% of the window, with the chain",
    "  transactions' own signing), then undici (JSON-RPC to hardhat) ≈ 7%, socket writes ≈ 6%, GC ≈ 3%, @noble/hashes",
    "  ≈ 3%, the NATS client ≈ 2%, zod ≈ 1%.",
    `- The 2N payload-header recoveries alone are ${ms(headers)} per round at N=${r5.n}; without them the protocol phases would be`,
    `  ≈ ${ms(p - headers)} (${((p - headers) / raw).toFixed(1)}×). Even with no signature work at all ≈ ${ms(Math.max(0, p - sig))} would remain`,
    `  (${(Math.max(0, p - sig) / raw).toFixed(1)}×): the awaited JetStream events, the agents' JetStream publishes, per-message`,
    "  async hops and GC. ≤ 3× is not met by one change; the chain record is measured apart and is not in the ratio.",
  ];
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
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
  return `N=${r.n}: ${3 * r.n} signs + ${3 * r.n} recoveries ≈ ${ms(sig)} of CPU per round, ${((100 * sig) / stats(r.protocol).p50).toFixed(0)}% of the protocol phases' p50`;
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
  "  phase-closed events (JetStream), fan-out of N propose tasks, N signed answers (header signature recovered, proposal",
  "  hash checked), masking, fan-out of N evaluate tasks, N signed ballots (header and EIP-712 ballot recovered, ballot",
  "  re-derived). The agents' own work (signing 3 times each) is on the same event loop and counts too.",
  "- **chain record**: from the close of the evaluate phase to the round recorded (evaluate phase-closed event, tally,",
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
  "## Where the protocol time goes",
  "",
  "Each piece timed alone in this process before the devnet starts (performance.now(), median of single calls):",
  "",
  ...profileTable,
  "",
  "Per round each agent signs 3 times (propose header, EIP-712 ballot, evaluate header) and the orchestrator recovers 3",
  "signatures per agent, all pure-JS secp256k1 on one event loop here:",
  "",
  ...sigShare.map((l) => `- ${l}`),
  "",
  ...findings(),
  "",
];
await mkdir(path.join(root, "docs/benchmarks"), { recursive: true });
await writeFile(path.join(root, "docs/benchmarks/overhead.md"), doc.join("\n"));
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
].join("\n"));
console.log(doc.join("\n"));

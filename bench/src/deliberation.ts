// Measures the protocol on the local stack: phase and round latency with instant (simulated)
// agents, rounds to halt and final accuracy on the default simulated panel. Writes
// docs/benchmarks/deliberation.md. Run: npm run bench:deliberation [-- --sessions N]
import { mkdir, writeFile } from "node:fs/promises";
import { writeSection } from "./doc-section.ts";
import { machineLine } from "./machine.ts";
import { summarize } from "./stats.ts";
import path from "node:path";
import { parseArgs } from "node:util";
import { keccak256, parseEther, stringToBytes } from "viem";
import { startLocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { Reporter } from "@concord/orchestrator/rounds/types.ts";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";

const { values } = parseArgs({ options: { sessions: { type: "string", default: "20" } } });
const sessions = Number(values.sessions);
const root = path.resolve(import.meta.dirname, "../..");

const stats = summarize;
const ms = (x: number) => `${x.toFixed(1)} ms`;

const stack = await startLocalStack({ panel: [
  { name: "ada", skill: 0.9, seed: "bench-ada" },
  { name: "bram", skill: 0.75, seed: "bench-bram" },
  { name: "chloe", skill: 0.6, seed: "bench-chloe" },
] });
const propose: number[] = [];
const evaluate: number[] = [];
const record: number[] = [];
const round: number[] = [];
const roundsToHalt: number[] = [];
const reasons = new Map<string, number>();
let correct = 0;
let firstRoundCorrect = 0;
try {
  const random = seededRandom("bench-tasks");
  for (let i = 0; i < sessions; i++) {
    const problem = generateWordProblem(random);
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds: 6, bounty: parseEther("0.01"),
    });
    let t = 0;
    let roundStart = 0;
    // A round's record lands while later rounds run: its time runs from its own tally, by round number.
    const talliedAt = new Map<number, number>();
    const reporter: Reporter = {
      roundStarted: () => (roundStart = t = performance.now()),
      phaseClosed: (_r, phase) => {
        const now = performance.now();
        if (phase === "propose" || phase === "evaluate") (phase === "propose" ? propose : evaluate).push(now - t);
        t = now;
      },
      roundTallied: (outcome) => {
        const now = performance.now();
        talliedAt.set(outcome.round, now);
        round.push(now - roundStart);
      },
      roundRecorded: (outcome) => {
        const tallied = talliedAt.get(outcome.round);
        if (tallied !== undefined) record.push(performance.now() - tallied);
      },
    };
    const outcome = await runSession(
      { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, reporter },
      { sessionId, task: problem.text, panel: stack.panel, minRounds: 1, maxRounds: 6, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
    );
    roundsToHalt.push(outcome.rounds.length);
    reasons.set(outcome.halt.reason, (reasons.get(outcome.halt.reason) ?? 0) + 1);
    if (Number(outcome.answer) === problem.answer) correct++;
    const first = outcome.rounds[0]!;
    if (Number(first.proposals[first.winnerIndex]!.solution) === problem.answer) firstRoundCorrect++;
  }
} finally {
  await stack.stop();
}

const rows = [
  ["propose phase (fan-out, 3 answers, signature checks)", stats(propose)],
  ["evaluate phase (masked fan-out, 3 signed ballots)", stats(evaluate)],
  ["round: start to tally (the phases; the round's record is sent while the next round runs)", stats(round)],
  ["record round on chain: tally to landed (outbox wait, send, receipt)", stats(record)],
] as const;
const haltStats = stats(roundsToHalt);
const lines = [
  "# Deliberation benchmark",
  "",
  `Written by \`npm run bench:deliberation -- --sessions ${sessions}\` on ${new Date().toISOString().slice(0, 10)} ` +
    `(${machineLine()}); real nats-server, hardhat node, ` +
    "three simulated agents as processes (instant: they answer as soon as they have solved the task).",
  "",
  "## Latency per phase (ms)",
  "",
  "| step | n | p50 | p99 | mean |",
  "|---|---|---|---|---|",
  ...rows.map(([name, s]) => `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.mean)} |`),
  "",
  "## Halting on the default panel (skills 0.9, 0.75, 0.6; effort 0.6; 1–6 rounds)",
  "",
  `- rounds to halt: mean ${haltStats.mean.toFixed(2)}, p50 ${haltStats.p50}, max ${Math.max(...roundsToHalt)}`,
  `- halt reasons: ${[...reasons.entries()].map(([r, n]) => `${r} ${n}`).join(", ")}`,
  `- final answer correct: ${correct}/${sessions}; round-1 winner correct: ${firstRoundCorrect}/${sessions}`,
  "",
];
await mkdir(path.join(root, "docs/benchmarks"), { recursive: true });
await writeFile(path.join(root, "docs/benchmarks/deliberation.md"), lines.join("\n"));
// The same tables in docs/benchmarks.md, under a level-2 heading.
await writeSection("deliberation", ["## Deliberation: latency per phase and halting", ...lines.slice(1).map((l) => l.replace(/^## /, "### "))].join("\n"));
console.log(lines.join("\n"));

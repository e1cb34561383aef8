// `concord-bench quality`: deliberation quality against baselines at an equal number of model
// calls, on a simulated panel with correlated errors or on OpenAI-compatible endpoints.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { AgentDefinition } from "@concord/agent-sdk/agent";
import { MIN_AGENTS } from "@concord/agent-sdk/protocol";
import {
  DEFAULT_PANEL_MODEL, openAiCompatibleAgent, panelMemberAgent, type PanelModel,
} from "@concord/agent-sdk/providers";
import { writeSection } from "./doc-section.ts";
import { intFlag, parseFlags } from "@concord/orchestrator/cli/config/flags.ts";
import { MAX_LANES } from "./quality/run-concord.ts";
import { runQuality, type QualityReport } from "./quality/run-quality.ts";
import { accuracySvg, detailMarkdown, flipsSvg, headline, sectionMarkdown, type ReportContext } from "./quality/report.ts";
import { loadTaskSet, proceduralSet, PROCEDURAL_SET, type TaskSet } from "./quality/task-set.ts";
import { UsageError, type Command } from "@concord/orchestrator/cli/commands/command.ts";

const DOCS = path.resolve(import.meta.dirname, "../../docs");
const NAMES = ["ada", "bram", "chloe", "dev", "elif", "femi", "goro", "hana"];
const unit = (what: string) => z.string().regex(/^\d*\.?\d+$/, what).transform(Number).refine((n) => n >= 0 && n <= 1, `${what} in [0, 1]`);

const flagsSchema = z.object({
  set: z.literal(PROCEDURAL_SET, `the shipped set is ${PROCEDURAL_SET}; use --set-file for others`).default(PROCEDURAL_SET),
  "set-file": z.string().min(1).optional(),
  tasks: intFlag(1, 100_000).optional(),
  rounds: intFlag(1, 10).default(3),
  skills: z.string().default("0.9,0.75,0.6")
    .transform((v) => v.split(",").map((s) => s.trim()))
    .pipe(z.array(unit("a skill")).min(MIN_AGENTS, "at least two skills, comma-separated").max(8, "at most eight members")),
  correlation: unit("a correlation").default(DEFAULT_PANEL_MODEL.correlation),
  "self-correlation": unit("a correlation").default(DEFAULT_PANEL_MODEL.selfCorrelation),
  "trap-share": unit("a share").default(DEFAULT_PANEL_MODEL.trapShare),
  "verify-gain": unit("a gain").default(DEFAULT_PANEL_MODEL.verifyGain),
  seed: z.string().min(1).default(DEFAULT_PANEL_MODEL.seed),
  endpoint: z.array(z.string().url("a URL up to and including /v1")).optional(),
  model: z.array(z.string().min(1)).optional(),
  "api-key-env": z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
  concurrency: intFlag(1, MAX_LANES).default(MAX_LANES),
  "phase-timeout": intFlag(1, 3_600).optional(),
  "write-docs": z.boolean().default(false),
  json: z.string().min(1).optional(),
}).refine((f) => f.correlation + f["self-correlation"] <= 1, { message: "correlation + self-correlation must not exceed 1", path: ["correlation"] })
  .refine((f) => (f.endpoint?.length ?? 0) === (f.model?.length ?? 0), { message: "give one --model per --endpoint, in the same order", path: ["model"] })
  .refine((f) => f.endpoint === undefined || f.endpoint.length >= MIN_AGENTS, { message: "a panel needs at least two endpoints (repeat --endpoint and --model)", path: ["endpoint"] });

type Flags = z.output<typeof flagsSchema>;

export const qualityCommand: Command = {
  name: "quality",
  summary: "Concord vs best single, self-consistency and votes at an equal number of model calls",
  help: `usage: concord-bench quality [--set ${PROCEDURAL_SET} | --set-file FILE] [--tasks N] [--rounds R] [panel] [--write-docs] [--json FILE]

Runs every task through Concord on a local devnet (nats-server, hardhat node, real sessions of
exactly R rounds) and through the baselines at the same number of model calls (2 × agents × R per
task; best single: 1): self-consistency (samples of the best member, most common answer), majority
(samples spread over the members) and confidence-weighted vote (the same samples weighted by the
confidence each came with). Reports accuracy, calls, tokens and wall time per column, Concord's
flips per round (correct → wrong, wrong → correct) and the co-failure ceiling.

tasks:
  --set ${PROCEDURAL_SET}      the shipped set: 200 seeded arithmetic word problems (default)
  --set-file FILE      a local JSONL file (or JSON array) of {"id", "problem", "answer"} rows,
                       e.g. AIME 2025 with integer answers
  --tasks N            only the first N tasks
  --rounds R           Concord's rounds (1-10, default 3); columns for 1..R rounds

panel (simulated, the default: members fail together at a set correlation):
  --skills A,B,...     each member's accuracy per solve (default 0.9,0.75,0.6)
  --correlation X      latent correlation between members on a task (default ${DEFAULT_PANEL_MODEL.correlation})
  --self-correlation X extra correlation between samples of one member (default ${DEFAULT_PANEL_MODEL.selfCorrelation})
  --trap-share X       share of wrong answers that are the task's shared trap (default ${DEFAULT_PANEL_MODEL.trapShare})
  --verify-gain X      checking an answer is right with p = skill + (1 − skill)·X (default ${DEFAULT_PANEL_MODEL.verifyGain})
  --seed S             the simulation's seed (default ${DEFAULT_PANEL_MODEL.seed})
panel (OpenAI-compatible endpoints instead; at least two):
  --endpoint URL --model M   repeat the pair per member (URL up to and including /v1)
  --api-key-env VAR          send the key in VAR to every endpoint

run:
  --concurrency N      sessions (and baseline tasks ×4) at a time (1-${MAX_LANES}, default ${MAX_LANES})
  --phase-timeout S    seconds per phase and per baseline call (default 30; 300 with endpoints)
  --write-docs         write docs/benchmarks/quality.md, its plots and the quality section of docs/benchmarks.md
  --json FILE          write the report as JSON

examples:
  concord-bench quality --tasks 40
  concord-bench quality --set-file aime2025.jsonl --endpoint http://127.0.0.1:11434/v1 --model qwen3:8b --endpoint http://127.0.0.1:11434/v1 --model llama3.1:8b`,
  options: {
    set: { type: "string" }, "set-file": { type: "string" }, tasks: { type: "string" }, rounds: { type: "string" },
    skills: { type: "string" }, correlation: { type: "string" }, "self-correlation": { type: "string" },
    "trap-share": { type: "string" }, "verify-gain": { type: "string" }, seed: { type: "string" },
    endpoint: { type: "string", multiple: true }, model: { type: "string", multiple: true }, "api-key-env": { type: "string" },
    concurrency: { type: "string" }, "phase-timeout": { type: "string" }, "write-docs": { type: "boolean" }, json: { type: "string" },
  },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const loaded = flags["set-file"] ? await loadTaskSet(flags["set-file"]) : proceduralSet();
    const set: TaskSet = { name: loaded.name, tasks: loaded.tasks.slice(0, flags.tasks ?? loaded.tasks.length) };
    const { panel, describe, notes } = buildPanel(flags, set);
    const timeoutS = flags["phase-timeout"] ?? (flags.endpoint ? 300 : 30);
    const report = await runQuality({
      set, panel, describe, rounds: flags.rounds, concurrency: flags.concurrency, phaseTimeoutMs: timeoutS * 1000,
      log: (line) => console.error(`[bench quality] ${line}`),
    });
    const context: ReportContext = { rerun: rerunLine(), notes };
    console.log(detailMarkdown(report, context));
    if (flags.json) await writeFile(flags.json, `${JSON.stringify(report, null, 2)}\n`);
    if (flags["write-docs"]) await writeDocs(report, context);
    console.error(`[bench quality] ${headline(report)} (${(report.elapsedMs / 1000).toFixed(1)} s)`);
    return 0;
  },
};

function buildPanel(flags: Flags, set: TaskSet): { panel: AgentDefinition[]; describe: string[]; notes: string[] } {
  if (flags.endpoint) {
    const apiKey = flags["api-key-env"] ? process.env[flags["api-key-env"]] : undefined;
    if (flags["api-key-env"] && !apiKey) throw new UsageError(`--api-key-env: environment variable ${flags["api-key-env"]} is not set`, { showUsage: false });
    const panel = flags.endpoint.map((baseUrl, i) => {
      const model = flags.model![i]!;
      const name = `m${i + 1}-${model.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 64);
      return openAiCompatibleAgent({ name, baseUrl, model, apiKey });
    });
    return { panel, describe: flags.endpoint.map((url, i) => `${flags.model![i]} at ${url}`), notes: ["Panel: OpenAI-compatible endpoints."] };
  }
  const model: PanelModel = {
    seed: flags.seed, correlation: flags.correlation, selfCorrelation: flags["self-correlation"],
    trapShare: flags["trap-share"], verifyGain: flags["verify-gain"],
  };
  const answers = new Map(set.tasks.map((t) => [t.problem, t.answer] as const));
  const panel = flags.skills.map((skill, i) =>
    panelMemberAgent({ name: NAMES[i]!, skill, model, answerOf: (task) => answers.get(task) }));
  return {
    panel,
    describe: flags.skills.map((s) => `simulated, skill ${s}`),
    notes: [
      `Simulated panel (sdk/providers/simulated/correlated-model.ts), seed "${model.seed}": a solve is right when a latent normal clears the member's skill; ` +
        `members share a per-task term (correlation ${model.correlation}) and each member a per-task term across its own samples (self-correlation ${model.selfCorrelation}).`,
      `A wrong answer is the task's shared trap with probability ${model.trapShare}, else a private slip (±1..9). Reported confidence is higher when right, but traps are believed too.`,
      `In deliberation a member checks each candidate (right with p = skill + (1 − skill)·${model.verifyGain}, on the same correlated latent), keeps an answer scored ≥ 0, ` +
        "and otherwise adopts an answer its critics name that passes its check, or solves again.",
    ],
  };
}

/** The command line as given (from `quality`), so the docs say exactly how to rerun it. */
function rerunLine(): string {
  const given = process.argv.slice(process.argv.indexOf("quality"));
  // Where the output goes is not how the benchmark ran: --write-docs and --json FILE are left out.
  const args = given.filter((a, i) => a !== "--write-docs" && a !== "--json" && given[i - 1] !== "--json" && !a.startsWith("--json="));
  return args.length === 1 ? "npm run bench:quality" : `npx concord-bench ${args.join(" ")}`;
}

async function writeDocs(report: QualityReport, context: ReportContext): Promise<void> {
  await mkdir(path.join(DOCS, "benchmarks"), { recursive: true });
  await writeFile(path.join(DOCS, "benchmarks/quality.md"), detailMarkdown(report, context));
  await writeFile(path.join(DOCS, "benchmarks/quality-accuracy.svg"), accuracySvg(report));
  await writeFile(path.join(DOCS, "benchmarks/quality-flips.svg"), flipsSvg(report));
  await writeSection("quality", sectionMarkdown(report, context), path.join(DOCS, "benchmarks.md"));
}

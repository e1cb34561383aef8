// `concord-bench quality`: deliberation quality against baselines at equal numbers of model calls,
// per regime: the shipped simulated panels (regimes.ts), a custom simulated panel from flags, or
// OpenAI-compatible endpoints on a task set.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { MIN_AGENTS } from "@concord/agent-sdk/protocol";
import { DEFAULT_PANEL_MODEL, openAiCompatibleAgent } from "@concord/agent-sdk/providers";
import { writeSection } from "./doc-section.ts";
import { machineLine } from "./machine.ts";
import { intFlag, parseFlags } from "@concord/orchestrator/cli/config/flags.ts";
import { MAX_LANES } from "./quality/run-concord.ts";
import { runRegime, type QualityReport, type RegimeOptions } from "./quality/run-quality.ts";
import { headlines, detailMarkdown, sectionMarkdown, type ReportContext } from "./quality/report.ts";
import { flipsSvg, paretoFile, paretoSvg } from "./quality/plots.ts";
import { REGIME_NAMES, REGIMES, type Regime } from "./quality/regimes.ts";
import { simulatedPanel } from "./quality/simulated-panel.ts";
import { loadTaskSet, proceduralSet, PROCEDURAL_SET, PROCEDURAL_SETS, type TaskSet } from "./quality/task-set.ts";
import { UsageError, type Command } from "@concord/orchestrator/cli/commands/command.ts";

const DOCS = path.resolve(import.meta.dirname, "../../docs");
const NAMES = ["ada", "bram", "chloe", "dev", "elif", "femi", "goro", "hana"];
/** Flags that build one simulated panel named `custom` instead of the shipped regimes. */
const PANEL_FLAGS = ["skills", "correlation", "self-correlation", "trap-share", "verify-gain", "seed"] as const;
const unit = (what: string) => z.string().regex(/^\d*\.?\d+$/, what).transform(Number).refine((n) => n >= 0 && n <= 1, `${what} in [0, 1]`);

const flagsSchema = z.object({
  regime: z.array(z.enum(REGIME_NAMES as [string, ...string[]], `a regime: ${REGIME_NAMES.join(", ")}`)).optional(),
  set: z.enum(PROCEDURAL_SETS, `a shipped set: ${PROCEDURAL_SETS.join(", ")}; use --set-file for others`).optional(),
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
  "ask-model-when-unanimous": z.boolean().default(false),
  "write-docs": z.boolean().default(false),
  json: z.string().min(1).optional(),
}).refine((f) => f.correlation + f["self-correlation"] <= 1, { message: "correlation + self-correlation must not exceed 1", path: ["correlation"] })
  .refine((f) => (f.endpoint?.length ?? 0) === (f.model?.length ?? 0), { message: "give one --model per --endpoint, in the same order", path: ["model"] })
  .refine((f) => f.endpoint === undefined || f.endpoint.length >= MIN_AGENTS, { message: "a panel needs at least two endpoints (repeat --endpoint and --model)", path: ["endpoint"] })
  .refine((f) => !(f.set && f["set-file"]), { message: "give --set or --set-file, not both", path: ["set"] });

type Flags = z.output<typeof flagsSchema>;

export const qualityCommand: Command = {
  name: "quality",
  summary: "Concord vs best single, self-consistency and votes at equal numbers of model calls, per regime",
  help: `usage: concord-bench quality [--regime NAME ...] [--set NAME | --set-file FILE] [--tasks N] [--rounds R] [panel] [--write-docs] [--json FILE]

Per regime (a panel and a task set), runs every task through Concord on a local devnet
(nats-server, hardhat node, real sessions): once forced to exactly R rounds (Concord at 1..R
rounds) and once with adaptive halting (1 to R rounds, the orchestrator's rule decides). The
baselines are scored at every budget Concord reaches (2 × agents × k calls per task, k = 1..R, and
⌈C⌉ for adaptive Concord's mean C): self-consistency (the best member's samples, most common
answer), majority (samples spread over the members), confidence-weighted and weighted-history
(a weight per member learned in task order from agreement with the others, no ground truth).
Reports accuracy, calls, tokens and wall time per column, a headline per regime, Concord's flips
per round and the co-failure ceiling.

regimes (simulated panels, seeded; default: all):
  --regime NAME        ${REGIME_NAMES.join(", ")}; repeat for several
tasks:
  --set NAME           a shipped set instead of each regime's own: ${PROCEDURAL_SETS.join(", ")}
  --set-file FILE      a local JSONL file (or JSON array) of {"id", "problem", "answer"} rows,
                       e.g. AIME 2025 with integer answers: one regime named after the set
  --tasks N            only the first N tasks
  --rounds R           Concord's maximum rounds (1-10, default 3)

panel (any of these: one simulated panel named custom instead of the regimes):
  --skills A,B,...     each member's accuracy per solve (default 0.9,0.75,0.6)
  --correlation X      latent correlation between members on a task (default ${DEFAULT_PANEL_MODEL.correlation})
  --self-correlation X extra correlation between samples of one member (default ${DEFAULT_PANEL_MODEL.selfCorrelation})
  --trap-share X       share of wrong answers that are the task's shared trap (default ${DEFAULT_PANEL_MODEL.trapShare})
  --verify-gain X      checking an answer is right with p = skill + (1 − skill)·X (default ${DEFAULT_PANEL_MODEL.verifyGain})
  --seed S             the simulation's seed (default ${DEFAULT_PANEL_MODEL.seed})
panel (OpenAI-compatible endpoints instead; at least two; one regime named after the set):
  --endpoint URL --model M   repeat the pair per member (URL up to and including /v1)
  --api-key-env VAR          send the key in VAR to every endpoint

run:
  --concurrency N      sessions (and baseline tasks ×4) at a time (1-${MAX_LANES}, default ${MAX_LANES})
  --phase-timeout S    seconds per phase and per baseline call (default 30; 300 with endpoints)
  --ask-model-when-unanimous  agents ask their models to evaluate a round even when every candidate
                       repeats their own answer (default: they endorse it without a call)
  --write-docs         write docs/benchmarks/quality.md, its plots and the quality section of docs/benchmarks.md
  --json FILE          write the report as JSON

examples:
  concord-bench quality --regime trap-majority --tasks 40
  concord-bench quality --set-file aime2025.jsonl --endpoint http://127.0.0.1:11434/v1 --model qwen3:8b --endpoint http://127.0.0.1:11434/v1 --model llama3.1:8b`,
  options: {
    regime: { type: "string", multiple: true },
    set: { type: "string" }, "set-file": { type: "string" }, tasks: { type: "string" }, rounds: { type: "string" },
    skills: { type: "string" }, correlation: { type: "string" }, "self-correlation": { type: "string" },
    "trap-share": { type: "string" }, "verify-gain": { type: "string" }, seed: { type: "string" },
    endpoint: { type: "string", multiple: true }, model: { type: "string", multiple: true }, "api-key-env": { type: "string" },
    concurrency: { type: "string" }, "phase-timeout": { type: "string" }, "ask-model-when-unanimous": { type: "boolean" },
    "write-docs": { type: "boolean" }, json: { type: "string" },
  },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const panelFlags = PANEL_FLAGS.filter((f) => rawFlags[f] !== undefined);
    if (flags.regime && (panelFlags.length > 0 || flags.endpoint || flags["set-file"])) {
      throw new UsageError("--regime picks shipped simulated panels; it does not combine with panel flags, --endpoint or --set-file", { showUsage: false });
    }
    if (flags.endpoint && panelFlags.length > 0) {
      throw new UsageError(`--${panelFlags[0]} builds a simulated panel; it does not apply to --endpoint panels`, { showUsage: false });
    }
    const timeoutS = flags["phase-timeout"] ?? (flags.endpoint ? 300 : 30);
    const started = performance.now();
    const log = (line: string) => console.error(`[bench quality] ${line}`);
    const common = {
      rounds: flags.rounds, concurrency: flags.concurrency, phaseTimeoutMs: timeoutS * 1000, log,
      askModelWhenUnanimous: flags["ask-model-when-unanimous"],
    };
    const plans = await regimePlans(flags, panelFlags.length > 0);
    const regimes = [];
    for (const plan of plans) regimes.push(await runRegime({ ...plan, ...common }));
    const report: QualityReport = { rounds: flags.rounds, regimes, elapsedMs: performance.now() - started, machine: machineLine() };
    const context: ReportContext = { rerun: rerunLine(), simulated: !flags.endpoint };
    console.log(detailMarkdown(report, context));
    if (flags.json) await writeFile(flags.json, `${JSON.stringify(report, null, 2)}\n`);
    if (flags["write-docs"]) await writeDocs(report, context);
    for (const line of headlines(report)) console.error(`[bench quality] ${line}`);
    console.error(`[bench quality] ${(report.elapsedMs / 1000).toFixed(1)} s`);
    return 0;
  },
};

type RegimePlan = Omit<RegimeOptions, "rounds" | "concurrency" | "phaseTimeoutMs" | "log" | "askModelWhenUnanimous">;

const firstTasks = (set: TaskSet, n: number | undefined): TaskSet => ({ name: set.name, tasks: set.tasks.slice(0, n ?? set.tasks.length) });

/** What to run: the shipped regimes, or one regime (custom panel, endpoints, or a task file). */
async function regimePlans(flags: Flags, customPanel: boolean): Promise<RegimePlan[]> {
  if (flags.endpoint || customPanel || flags["set-file"]) {
    const set = firstTasks(flags["set-file"] ? await loadTaskSet(flags["set-file"]) : proceduralSet(flags.set ?? PROCEDURAL_SET), flags.tasks);
    // Named after the set, unless the panel is the custom simulated one.
    const regime = customPanel ? "custom" : set.name;
    return [{ regime, set, ...(flags.endpoint ? endpointPanel(flags) : simulatedPanel(customRegime(flags), set)) }];
  }
  const chosen = flags.regime ? REGIMES.filter((r) => flags.regime!.includes(r.name)) : REGIMES;
  return chosen.map((regime) => {
    const set = firstTasks(proceduralSet(flags.set ?? regime.set), flags.tasks);
    return { regime: regime.name, set, ...simulatedPanel(regime, set) };
  });
}

function customRegime(flags: Flags): Regime {
  return {
    name: "custom", set: PROCEDURAL_SET, about: "a simulated panel from the command's flags",
    model: { seed: flags.seed, correlation: flags.correlation, selfCorrelation: flags["self-correlation"], trapShare: flags["trap-share"], verifyGain: flags["verify-gain"] },
    members: flags.skills.map((skill, i) => ({ name: NAMES[i]!, skill })),
  };
}

function endpointPanel(flags: Flags): Omit<RegimePlan, "regime" | "set"> {
  const apiKey = flags["api-key-env"] ? process.env[flags["api-key-env"]] : undefined;
  if (flags["api-key-env"] && !apiKey) throw new UsageError(`--api-key-env: environment variable ${flags["api-key-env"]} is not set`, { showUsage: false });
  const panel = flags.endpoint!.map((baseUrl, i) => {
    const model = flags.model![i]!;
    const name = `m${i + 1}-${model.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 64);
    return openAiCompatibleAgent({ name, baseUrl, model, apiKey });
  });
  return { panel, describe: flags.endpoint!.map((url, i) => `${flags.model![i]} at ${url}`), notes: ["Panel: OpenAI-compatible endpoints."] };
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
  for (const regime of report.regimes) await writeFile(path.join(DOCS, "benchmarks", paretoFile(regime.regime)), paretoSvg(regime));
  await writeFile(path.join(DOCS, "benchmarks/quality-flips.svg"), flipsSvg(report));
  await writeSection("quality", sectionMarkdown(report, context), path.join(DOCS, "benchmarks.md"));
}

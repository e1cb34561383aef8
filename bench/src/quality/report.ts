// The quality benchmark's report: the headline line (a fixed form, so docs can be checked
// against it), the Markdown tables for docs/benchmarks/quality.md, the short section for
// docs/benchmarks.md and the two plots.
import { barChartSvg } from "../svg-bar-chart.ts";
import type { QualityReport } from "./run-quality.ts";

export interface ReportContext {
  /** The one line that reruns this benchmark as it ran. */
  rerun: string;
  /** How the panel was built (model parameters), one line each. */
  notes: readonly string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const accuracyOf = (report: QualityReport, name: string) => report.columns.find((c) => c.name === name)?.accuracy ?? 0;
const concordName = (rounds: number) => `concord ${rounds} round${rounds === 1 ? "" : "s"}`;

/** `quality <set>: concord 3 rounds 81.0%, best single 70.5%, self-consistency 74.0%, majority 72.5%` */
export function headline(report: QualityReport): string {
  return `quality ${report.set}: ${concordName(report.rounds)} ${pct(accuracyOf(report, concordName(report.rounds)))}, ` +
    `best single ${pct(accuracyOf(report, "best single"))}, self-consistency ${pct(accuracyOf(report, "self-consistency"))}, ` +
    `majority ${pct(accuracyOf(report, "majority"))}`;
}

export function columnsTable(report: QualityReport): string[] {
  return [
    "| column | accuracy | correct | model calls | calls per task | tokens | wall time |",
    "|---|---|---|---|---|---|---|",
    ...report.columns.map((c) =>
      `| ${c.name} | ${pct(c.accuracy)} | ${c.correct}/${c.total} | ${c.calls} | ${(c.calls / Math.max(1, c.total)).toFixed(1)} | ${c.tokens} | ${(c.wallMs / 1000).toFixed(1)} s |`),
  ];
}

export function flipsTable(report: QualityReport): string[] {
  return [
    "| after round | correct → wrong | wrong → correct | net |",
    "|---|---|---|---|",
    ...report.flips.map((f) => `| ${f.round} | ${f.correctToWrong} | ${f.wrongToCorrect} | ${f.wrongToCorrect - f.correctToWrong >= 0 ? "+" : ""}${f.wrongToCorrect - f.correctToWrong} |`),
  ];
}

function ranOn(report: QualityReport, context: ReportContext): string {
  return `Rerun: \`${context.rerun}\` (${report.machine}; ${(report.elapsedMs / 1000).toFixed(0)} s).`;
}

export function detailMarkdown(report: QualityReport, context: ReportContext): string {
  return [
    "# Deliberation quality benchmark",
    "",
    `Written by \`concord-bench quality\` (bench/src/quality/). ${ranOn(report, context)}`,
    "",
    "```",
    headline(report),
    "```",
    "",
    `Set **${report.set}**, ${report.tasks} tasks. Concord runs on the real protocol (nats-server with JetStream, a hardhat`,
    `node, signed ballots, every round recorded on chain), one session per task forced to exactly ${report.rounds} rounds;`,
    "Concord at r rounds is the session's winner after round r. Every column but best single gets the model calls",
    `Concord at ${report.rounds} rounds makes (${report.budget} per task: each agent proposes and evaluates once a round):`,
    `self-consistency asks the best member for ${report.budget} samples and takes the most common answer, majority spreads`,
    `${report.budget} samples evenly over the members, confidence-weighted weighs those same samples by the confidence each`,
    "answer came with. Ties go to the answer given first. Wall time is summed over tasks (Concord: its rounds, including the",
    "chain record, with several sessions in flight at once; baselines: each task's samples asked at once). The simulated",
    "answers are reproducible; Concord breaks a tie between equal scores by salted proposal hashes, so a rerun can differ",
    "by a task or two.",
    "",
    "## Accuracy, calls, tokens, time",
    "",
    ...columnsTable(report),
    "",
    `Co-failure ceiling: **${pct(report.coFailureCeiling)}** (1 − share of tasks where every member's first sample is wrong).` +
      (report.failedSessions > 0 ? ` Sessions that failed (scored wrong): ${report.failedSessions}.` : "") +
      (report.failedSamples > 0 ? ` Baseline calls that failed (no answer, still counted): ${report.failedSamples}.` : ""),
    "",
    "![accuracy per column](quality-accuracy.svg)",
    "",
    "## Flips per round (the winner after round r against round r − 1)",
    "",
    ...flipsTable(report),
    "",
    "![flips per round](quality-flips.svg)",
    "",
    "## Panel",
    "",
    "| member | what | first-sample accuracy |",
    "|---|---|---|",
    ...report.panel.map((m) => `| ${m.name}${m.name === report.best ? " (best)" : ""} | ${m.what} | ${pct(m.firstAccuracy)} |`),
    "",
    ...context.notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
}

/** The section of docs/benchmarks.md: headline, ceiling, the rerun line and machine, the plot. */
export function sectionMarkdown(report: QualityReport, context: ReportContext): string {
  return [
    "## Deliberation quality",
    "",
    `Concord on the real protocol against baselines at the same number of model calls (${report.budget} per task; best single: 1).`,
    `Tables, flips per round and the panel: [benchmarks/quality.md](benchmarks/quality.md). ${ranOn(report, context)}`,
    "",
    "```",
    headline(report),
    `co-failure ceiling ${report.set}: ${pct(report.coFailureCeiling)}`,
    "```",
    "",
    ...columnsTable(report),
    "",
    "![accuracy per column](benchmarks/quality-accuracy.svg)",
    "",
    "Concord's flips per round (the winner after round r against round r − 1):",
    "",
    ...flipsTable(report),
    "",
    "![flips per round](benchmarks/quality-flips.svg)",
  ].join("\n");
}

export function accuracySvg(report: QualityReport): string {
  const label = (name: string) => name.replace("confidence-weighted", "confidence-\nweighted").replace(/^concord /, "concord\n").replace("self-consistency", "self-\nconsistency");
  return barChartSvg({
    title: `Accuracy on ${report.set} (${report.tasks} tasks, ${report.budget} calls per task; best single 1)`,
    series: [{ name: "accuracy", color: "#2e86c1" }],
    groups: report.columns.map((c) => ({ label: label(c.name), values: [c.accuracy * 100] })),
    yMax: 100,
    format: (v) => `${v.toFixed(1)}%`,
    references: [{ value: report.coFailureCeiling * 100, label: `co-failure ceiling ${pct(report.coFailureCeiling)}` }],
  });
}

export function flipsSvg(report: QualityReport): string {
  return barChartSvg({
    title: `Concord flips per round on ${report.set}`,
    series: [{ name: "correct → wrong", color: "#c0392b" }, { name: "wrong → correct", color: "#27ae60" }],
    groups: report.flips.map((f) => ({ label: `round ${f.round}`, values: [f.correctToWrong, f.wrongToCorrect] })),
    format: (v) => String(Math.round(v)),
    width: 480,
  });
}

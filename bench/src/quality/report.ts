// The quality benchmark's report: the headline lines (one per regime, a fixed form: headline.ts),
// where Concord loses and what the run measured about why, the Markdown of
// docs/benchmarks/quality.md and the short section of docs/benchmarks.md.
import { formatHeadline, formatPaired, pct, type PairedDifference, SINGLE_GAIN_GOAL, signedPoints, singleGainLine } from "./headline.ts";
import { PARAMETERS_DOC } from "./parameters-doc.ts";
import { paretoFile } from "./plots.ts";
import { BASELINES, paretoFront, type Column } from "./score.ts";
import type { QualityReport, RegimeReport } from "./run-quality.ts";

export interface ReportContext {
  /** The one line that reruns this benchmark as it ran. */
  rerun: string;
  /** Whether the panels are simulated (the parameters section applies). */
  simulated: boolean;
}

const perTask = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export function headlines(report: QualityReport): string[] {
  return report.regimes.map((r) => formatHeadline(r.headline));
}

export function columnsTable(regime: RegimeReport): string[] {
  const front = paretoFront(regime.columns);
  return [
    "| column | calls per task | accuracy | correct | tokens per task | wall time | on the front |",
    "|---|---|---|---|---|---|---|",
    ...regime.columns.map((c, i) =>
      `| ${c.name} | ${perTask(c.callsPerTask)} | ${pct(c.accuracy)} | ${c.correct}/${c.total} | ${Math.round(c.tokens / Math.max(1, c.total))} | ${(c.wallMs / 1000).toFixed(1)} s | ${front[i] ? "yes" : ""} |`),
  ];
}

/** Flips per round, as counts and as rates (share of the regime's tasks). */
export function flipsTable(regime: RegimeReport): string[] {
  const rate = (n: number) => `${n} (${pct(n / Math.max(1, regime.tasks))})`;
  return [
    "| after round | correct → wrong | wrong → correct | net |",
    "|---|---|---|---|",
    ...regime.flips.map((f) => `| ${f.round} | ${rate(f.correctToWrong)} | ${rate(f.wrongToCorrect)} | ${f.wrongToCorrect - f.correctToWrong >= 0 ? "+" : ""}${f.wrongToCorrect - f.correctToWrong} |`),
  ];
}

/**
 * Where Concord (adaptive) is below the best equal-cost baseline or the best single answer: one
 * line saying so, with what the run measured that bears on why. Empty when it is not.
 */
export function lossLines(regime: RegimeReport): string[] {
  const h = regime.headline;
  const lines: string[] = [];
  const points = (x: number) => `${(x * 100).toFixed(1)} points`;
  if (h.concord < h.baselineAccuracy) {
    lines.push(`Concord loses **${h.regime}** to ${h.baseline} at ${h.budget} calls per task by ${points(h.baselineAccuracy - h.concord)} ` +
      `(one task is ${points(1 / Math.max(1, regime.tasks))}; on the same tasks, Concord − ${h.baseline}: ${formatPaired(h.paired, "Concord", h.baseline)}).`);
  }
  if (h.concord < h.bestSingle) lines.push(`Concord is below the best single answer in **${h.regime}** by ${points(h.bestSingle - h.concord)}.`);
  if (lines.length === 0) return [];
  const forced = regime.columns.filter((c) => c.kind === "concord");
  const first = forced[0]!;
  const last = forced.at(-1)!;
  const rivalAtMax = regime.columns.find((c) => c.kind === h.baseline && c.callsPerTask === last.callsPerTask);
  const flips = regime.flips.reduce((a, f) => ({ bad: a.bad + f.correctToWrong, good: a.good + f.wrongToCorrect }), { bad: 0, good: 0 });
  const stops = regime.adaptiveRounds.map((n, r) => `${n} after ${r + 1}`).join(", ");
  lines.push(
    `Measured: adaptive halting stopped ${stops} round(s) of ${regime.tasks} tasks; Concord's round-1 winner is right on ${pct(first.accuracy)}; ` +
      `forced to ${regime.rounds} rounds it scores ${pct(last.accuracy)} at ${perTask(last.callsPerTask)} calls` +
      (rivalAtMax ? ` (${h.baseline} there: ${pct(rivalAtMax.accuracy)})` : "") +
      `; deliberation turned ${flips.bad} right winners wrong and ${flips.good} wrong ones right; co-failure ceiling ${pct(regime.coFailureCeiling)}.`,
  );
  // Could halting alone close the gap? Against the best baseline with no more calls than the bound's.
  const bound = regime.haltingBound;
  const rival = bestBaselineWithin(regime.columns, bound.callsPerTask);
  lines.push(
    `A halting rule that knew the answer (each forced session stopped at its first right winner) would score ${pct(bound.accuracy)} at ${perTask(bound.callsPerTask)} calls` +
      (rival ? `; the best baseline with no more calls, ${rival.kind} at ${perTask(rival.callsPerTask)}, scores ${pct(rival.accuracy)}` : "") +
      (rival && rival.accuracy >= bound.accuracy ? ": no halting rule closes this gap, only better answers or better ballots would." : "."),
  );
  // Could any rule for the winner, with halting, close it? Only by picking answers that were proposed.
  const answers = regime.answerBound;
  const roundOneCalls = 2 * regime.panel.length;
  const rivalAtOne = bestBaselineWithin(regime.columns, roundOneCalls);
  const rivalOfAnswers = bestBaselineWithin(regime.columns, answers.callsPerTask);
  lines.push(
    `A rule for the winner that knew the answer (picking a right proposal whenever one was made) would score ${pct(answers.firstRound)} after round 1` +
      (rivalAtOne ? ` (${rivalAtOne.kind} at ${perTask(rivalAtOne.callsPerTask)}: ${pct(rivalAtOne.accuracy)})` : "") +
      `, and ${pct(answers.accuracy)} at ${perTask(answers.callsPerTask)} calls stopping at the first round with a right proposal` +
      (rivalOfAnswers ? ` (${rivalOfAnswers.kind} at ${perTask(rivalOfAnswers.callsPerTask)}: ${pct(rivalOfAnswers.accuracy)})` : "") +
      (rivalOfAnswers && rivalOfAnswers.accuracy >= answers.accuracy && (!rivalAtOne || rivalAtOne.accuracy >= answers.firstRound)
        ? ": no rule for picking the winner or for stopping closes this gap on these proposals, only better proposals would."
        : "."),
  );
  const roundOne = regime.roundOneBound;
  if (roundOne && rivalAtOne) {
    const verdict = rivalAtOne.accuracy > roundOne.inSample ? "no rule for round 1's winner can reach it"
      : rivalAtOne.accuracy >= roundOne.learned ? "a rule that knew the panel exactly would not reach it"
      : "a rule that knew the panel exactly would pass it: the tally is what falls short";
    lines.push(`After round 1 (${perTask(rivalAtOne.callsPerTask)} calls), ${rivalAtOne.kind} scores ${pct(rivalAtOne.accuracy)}: ` +
      `${verdict} (the best rule for round 1's winner scores ${pct(roundOne.learned)} learned on other draws of the panel, at most ${pct(roundOne.inSample)}: docs/benchmarks/quality.md, the regime's section).`);
  }
  return lines;
}

/**
 * Simulated panels: the best any rule could pick after round 1 (round-one-bound.ts), against what
 * Concord's tally picked.
 */
export function roundOneLines(regime: RegimeReport): string[] {
  const bound = regime.roundOneBound;
  if (!bound) return [];
  const concord = regime.columns.find((c) => c.kind === "concord");
  return [
    `The best rule for round 1's winner: the best pick for each pattern round 1 shows (which answers agree, the sign of every check, the task's` +
      ` family, who said what), learned on ${bound.trainingTasks.toLocaleString("en-US")} tasks of this panel drawn with other seeds, scores **${pct(bound.learned)}** here` +
      ` (Concord's tally after round 1: ${concord ? pct(concord.accuracy) : "not run"}); chosen per pattern with these tasks' answers known, which no rule can be,` +
      ` it scores at most **${pct(bound.inSample)}**, and a right answer was proposed on ${pct(regime.answerBound.firstRound)}.`,
    "",
    `Within the protocol's rule (no ballot counts for its own answer), the same round-1 checks tallied as the contract tallies them score ${pct(bound.tally.equal)} with` +
      ` every ballot counted once, and **${pct(bound.tally.trueWeights)}** with the weights a history would give each member whose round-1 endorsements` +
      ` were exactly as frequent as its right answers on those other draws (${weightsText(regime.panel, bound.tally.weights)}):` +
      ` what learning whom to trust could add to round 1 at best, with no weight counting for its own answer (Concord's tally after round 1, its weights learned` +
      ` from endorsements as the run's sessions settled: ${concord ? pct(concord.accuracy) : "not run"}` +
      `${regime.learnedWeights ? `; each weight started at 1 and had grown to ${weightsText(regime.panel, regime.learnedWeights)} after the last session` : ""}` +
      `${bound.tally.endWeights === undefined ? "" : `, with which from the start round 1 would score ${pct(bound.tally.endWeights)}`}).`,
    "",
  ];
}

/** "ada 9, bram 5", per family when the tasks have families ("arith: …; seq: …"). */
function weightsText(panel: readonly { name: string }[], weights: Readonly<Record<string, readonly number[]>>): string {
  const names = (w: readonly number[]) => panel.map((m, j) => `${m.name} ${w[j]}`).join(", ");
  return Object.entries(weights).map(([family, w]) => (family ? `${family}: ${names(w)}` : names(w))).join("; ");
}

/** The most accurate baseline among those with the most calls per task not above `calls` (rounded up). */
function bestBaselineWithin(columns: readonly Column[], calls: number): Column | undefined {
  const cheaper = columns.filter((c) => (BASELINES as readonly string[]).includes(c.kind) && c.callsPerTask <= Math.ceil(calls - 1e-9));
  return cheaper.reduce<Column | undefined>((best, c) => (!best || c.callsPerTask > best.callsPerTask || (c.callsPerTask === best.callsPerTask && c.accuracy > best.accuracy) ? c : best), undefined);
}

function lossesSection(report: QualityReport): string[] {
  const lines = report.regimes.flatMap((r) => {
    const loss = lossLines(r);
    return loss.length > 0 ? [`- ${loss.join(" ")}`] : [];
  });
  if (lines.length === 0) return ["Concord (adaptive) is at or above the best equal-cost baseline and the best single answer in every regime."];
  return [
    "What costs Concord at equal calls, by construction: of its 2·n calls a round (fewer when a round is unanimous: those evaluations ask no model), n are proposals and n are evaluations,",
    "so after k rounds it has seen n·k answers (a member may keep its answer from round to round) where a baseline votes over 2·n·k",
    "samples. Deliberation pays only where the evaluations carry more than the extra samples would; the lines below say,",
    "per regime, what the run measured (when adaptive halting stopped, Concord's first-round winner, Concord at the full",
    "round count, and how often deliberation turned a right winner wrong and the reverse), the most any halting rule could",
    "get from the same sessions, and the most any rule for the winner could get from the answers proposed in them (round 1's",
    "proposals come before any tally, so that bound holds for every tally; later proposals follow the feedback the",
    "real tally gave). Self-consistency is also given the best member, picked by its accuracy against the reference",
    "answers, a choice no panel without ground truth can make: Concord's weights learn whom to trust from endorsements only,",
    "one weight per agent and task family (each session names its task's family, so a specialist is weighed by its record on",
    "that family; a set without families gives one weight per agent for every task).",
    "",
    ...lines,
  ];
}

const pairedCell = (p: PairedDifference) => {
  const pts = signedPoints;
  return `${pts(p.difference)} (${pts(p.low)} to ${pts(p.high)}; ${p.onlyA} / ${p.onlyB})`;
};

/** Against the best single member: the goal of + 10 points where the ceiling leaves room. */
function singleGainSection(report: QualityReport): string[] {
  return [
    `Against the best single member (goal: Concord at least ${SINGLE_GAIN_GOAL * 100} points above the best member's first sample wherever the`,
    "co-failure ceiling is that far above it):",
    "",
    ...report.regimes.map((r) => `- ${singleGainLine(r.headline)}`),
  ];
}

function ranOn(report: QualityReport, context: ReportContext): string {
  return `Rerun: \`${context.rerun}\` (${report.machine}; ${(report.elapsedMs / 1000).toFixed(0)} s in all).`;
}

function regimeSection(regime: RegimeReport): string[] {
  const failed = [
    regime.failedSessions > 0 ? ` Sessions that failed (scored wrong): ${regime.failedSessions}.` : "",
    regime.failedSamples > 0 ? ` Baseline calls that failed (no answer, still counted): ${regime.failedSamples}.` : "",
  ].join("");
  return [
    `## ${regime.regime}`,
    "",
    `Set **${regime.set}**, ${regime.tasks} tasks, ${(regime.elapsedMs / 1000).toFixed(0)} s.`,
    "",
    "```",
    formatHeadline(regime.headline),
    "```",
    "",
    "| member | what | first-sample accuracy |",
    "|---|---|---|",
    ...regime.panel.map((m) => `| ${m.name}${m.name === regime.best ? " (best)" : ""} | ${m.what} | ${pct(m.firstAccuracy)} |`),
    "",
    ...regime.notes.map((n) => `- ${n}`),
    "",
    ...columnsTable(regime),
    "",
    `Co-failure ceiling: **${pct(regime.coFailureCeiling)}** (1 − share of tasks where every member's first sample is wrong; a vote over` +
      " several samples per member can pass it)." +
      ` Adaptive halting stopped after 1..${regime.rounds} rounds on ${regime.adaptiveRounds.join(" / ")} tasks.${failed}`,
    "",
    ...roundOneLines(regime),
    `![${regime.regime}: accuracy against calls](${paretoFile(regime.regime)})`,
    "",
    `Flips per round (Concord forced to ${regime.rounds} rounds; the winner after round r against round r − 1):`,
    "",
    ...flipsTable(regime),
    "",
  ];
}

export function detailMarkdown(report: QualityReport, context: ReportContext): string {
  const r = report.rounds;
  return [
    "# Deliberation quality benchmark",
    "",
    `Written by \`concord-bench quality\` (bench/src/quality/). ${ranOn(report, context)}`,
    "",
    "```",
    ...headlines(report),
    "```",
    "",
    "Each regime is a panel and a task set. Concord runs on the real protocol (nats-server with JetStream, a hardhat node,",
    `signed ballots, every round recorded on chain) twice per task: once forced to exactly ${r} rounds (Concord at k rounds is`,
    `that session's winner after round k, at most 2·n·k calls per task for n members: an evaluation its agent gave without asking its model, every candidate repeating its own answer, costs none) and once with adaptive halting (at least 1 and`,
    `at most ${r} rounds; the orchestrator's halting rule decides, with the default effort). Each of the two passes runs on a`,
    "fresh devnet with freshly registered agents, so the evaluation weights (docs/economics.md, \"Weights\") start at 1 and are",
    "learned from that pass's own settled sessions in task order, per task family when the tasks have one (each session",
    "names its family, and the agents' histories on chain are kept per family), as weighted-history learns its weights. The headline's C is",
    "adaptive Concord's mean calls per task; every baseline there gets ⌈C⌉ calls on every task, never fewer than Concord.",
    "",
    "Baselines at every budget b (2·n·k for each k, and ⌈C⌉), all from one set of samples (a budget's samples are prefixes):",
    "**self-consistency** asks the best member (by first-sample accuracy) for b samples and takes the most common answer;",
    "**majority** spreads b samples evenly over the members; **confidence-weighted** weighs those samples by the confidence",
    "each came with; **weighted-history** weighs them by a weight per member learned in task order without ground truth:",
    "the log-odds of the member's smoothed agreement rate, (agreed + 1) / (answered + 2), with the majority of the *other*",
    "members' samples on the tasks before (clipped at a small floor, so the first task is a plain majority; it cannot tell a",
    "shared trap from a shared truth: bench/src/quality/weighted-history.ts). Ties go to the answer given first. **best",
    "single** is the best member's first sample. Tokens are prompt + completion as each call reported them. Wall time is",
    "summed over tasks (Concord: its rounds, including the chain record, with several sessions in flight; baselines: each",
    "task's samples asked at once, so a task costs its slowest sample). \"On the front\": no other column is at least as",
    "accurate for no more calls per task.",
    "",
    "## Where Concord loses",
    "",
    ...lossesSection(report),
    "",
    ...singleGainSection(report),
    "",
    ...(context.simulated ? [...PARAMETERS_DOC, ""] : []),
    ...report.regimes.flatMap(regimeSection),
    "![flips per round](quality-flips.svg)",
    "",
  ].join("\n");
}

/** The section of docs/benchmarks.md: the headline lines, the losses, the rerun line and machine. */
export function sectionMarkdown(report: QualityReport, context: ReportContext): string {
  return [
    "## Deliberation quality",
    "",
    "Concord on the real protocol, with adaptive halting, against baselines given at least as many model calls per task,",
    `per regime (a panel and a task set). Tables, accuracy-against-calls plots for every budget, flips and the panels:`,
    `[benchmarks/quality.md](benchmarks/quality.md). ${ranOn(report, context)}`,
    "",
    "```",
    ...headlines(report),
    "```",
    "",
    ...lossesSection(report),
    "",
    ...singleGainSection(report),
    "",
    "| regime | set | concord adaptive | calls per task | best equal-cost baseline | concord − baseline, same tasks (95% interval; tasks only concord / only the baseline got right) | best single | ceiling |",
    "|---|---|---|---|---|---|---|---|",
    ...report.regimes.map(({ headline: h, set }) =>
      `| ${h.regime} | ${set} | ${pct(h.concord)} | ${h.calls.toFixed(1)} | ${h.baseline} ${pct(h.baselineAccuracy)} (${h.budget} calls) | ${pairedCell(h.paired)} | ${pct(h.bestSingle)} | ${pct(h.ceiling)} |`),
    "",
    "The interval is for the difference on these tasks, from the tasks where the two disagree: one that holds 0 does not",
    "tell the two apart on this set, whichever is ahead.",
    "",
    "![flips per round](benchmarks/quality-flips.svg)",
  ].join("\n");
}

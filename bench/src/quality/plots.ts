// The quality benchmark's plots: per regime, accuracy against model calls per task with every
// column a point (the Pareto view: up and to the left is better), and Concord's flips per round
// across the regimes.
import { barChartSvg } from "../svg-bar-chart.ts";
import { linePlot, type Series } from "../svg-line-plot.ts";
import { BASELINES, type Column } from "./score.ts";
import type { QualityReport, RegimeReport } from "./run-quality.ts";

const point = (c: Column) => [c.callsPerTask, c.accuracy * 100] as const;

export function paretoSvg(regime: RegimeReport): string {
  const of = (kind: Column["kind"]) => regime.columns.filter((c) => c.kind === kind);
  const maxCalls = Math.max(...regime.columns.map((c) => c.callsPerTask));
  const series: Series[] = [
    { name: `concord 1..${regime.rounds} rounds`, points: of("concord").map(point) },
    { name: "concord adaptive", points: of("concord adaptive").map(point) },
    ...BASELINES.map((name) => ({ name, points: of(name).map(point) })),
    { name: "best single", points: of("best single").map(point) },
    { name: "co-failure ceiling", points: [[1, regime.coFailureCeiling * 100], [maxCalls, regime.coFailureCeiling * 100]], dashed: true },
  ];
  return linePlot({
    title: `${regime.regime}: accuracy against model calls per task (${regime.set}, ${regime.tasks} tasks)`,
    xLabel: "model calls per task",
    yLabel: "accuracy (%)",
    series: series.filter((s) => s.points.length > 0),
    xTicks: [...new Set([1, ...regime.budgets])],
    width: 760,
    height: 420,
  });
}

export function flipsSvg(report: QualityReport): string {
  return barChartSvg({
    title: "Concord's flips per round (forced to the maximum rounds), per regime",
    series: [{ name: "correct → wrong", color: "#c0392b" }, { name: "wrong → correct", color: "#27ae60" }],
    groups: report.regimes.flatMap((r) => r.flips.map((f) => ({ label: `${r.regime}\nround ${f.round}`, values: [f.correctToWrong, f.wrongToCorrect] }))),
    format: (v) => String(Math.round(v)),
    width: Math.max(480, 90 * report.regimes.reduce((n, r) => n + r.flips.length, 0)),
  });
}

/** docs/benchmarks/ file name of a regime's plot. */
export const paretoFile = (regime: string) => `quality-${regime.replace(/[^A-Za-z0-9_-]/g, "_")}.svg`;

// A small line chart as a standalone SVG string, for the benchmark docs: no dependencies, no
// scripts, readable on GitHub. Axes may be linear or log (base 2 or 10), ticks are the data's own
// x values (the benches sweep a few chosen points), and every point is marked and titled so a
// reader can hover for the exact value. Bar charts: svg-bar-chart.ts.
import { escapeXml } from "./svg-bar-chart.ts";

export interface Series {
  name: string;
  points: readonly (readonly [x: number, y: number])[];
  /** Drawn dashed and without point marks (a reference such as a ceiling). */
  dashed?: boolean;
}

export interface LinePlot {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  /** Log scale base for x / y; linear when absent. */
  logX?: 2 | 10;
  logY?: 2 | 10;
  /** The x values to label (default: every x value of the data). */
  xTicks?: readonly number[];
  width?: number;
  height?: number;
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"];
/** Up to 3 significant digits below 100, whole numbers above: 0.5, 12.3, 250. */
export const formatTick = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

/** Maps a value to [0, 1] over [lo, hi], linearly or on a log scale. */
function scale(lo: number, hi: number, log?: number) {
  const f = (v: number) => (log ? Math.log(v) / Math.log(log) : v);
  const [a, b] = [f(lo), f(hi)];
  return (v: number) => (b === a ? 0.5 : (f(v) - a) / (b - a));
}

/** "Nice" y ticks: 1-2-5 steps on a linear axis, powers of the base on a log one. */
export function yTicks(lo: number, hi: number, log?: number): number[] {
  if (log) {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log(lo) / Math.log(log)); log ** e <= hi * 1.0001; e++) if (log ** e >= lo / 1.0001) ticks.push(log ** e);
    return ticks.length >= 2 ? ticks : [lo, hi];
  }
  const raw = (hi - lo) / 5 || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function linePlot(plot: LinePlot): string {
  const width = plot.width ?? 640;
  const height = plot.height ?? 360;
  const m = { left: 64, right: 16, top: 36, bottom: 72 };
  const legend = legendPositions(plot.series.map((s) => s.name), m.left, width - m.right, height - 14);
  // A legend of several rows pushes the plot up, so its top row stays clear of the x axis label.
  m.bottom += 16 * new Set(legend.map(([, y]) => y)).size - 16;
  const all = plot.series.flatMap((s) => s.points);
  if (all.length === 0) throw new Error(`plot "${plot.title}" has no points`);
  for (const [x, y] of all) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`plot "${plot.title}": non-finite point (${x}, ${y})`);
    if ((plot.logX && x <= 0) || (plot.logY && y <= 0)) throw new Error(`plot "${plot.title}": point (${x}, ${y}) cannot go on a log axis`);
  }
  const xs = [...new Set(all.map(([x]) => x))].sort((a, b) => a - b);
  const ys = all.map(([, y]) => y);
  // A linear y axis starts at 0, so ratios between points read true.
  const yLo = plot.logY ? Math.min(...ys) : Math.min(0, ...ys);
  const yTickValues = yTicks(yLo, Math.max(...ys), plot.logY);
  const yMin = Math.min(yLo, ...yTickValues);
  const yMax = Math.max(...ys, ...yTickValues);
  const sx = scale(xs[0]!, xs.at(-1)!, plot.logX);
  const sy = scale(yMin, yMax, plot.logY);
  const innerW = width - m.left - m.right;
  const innerH = height - m.top - m.bottom;
  const px = (x: number) => (m.left + sx(x) * innerW).toFixed(1);
  const py = (y: number) => (m.top + (1 - sy(y)) * innerH).toFixed(1);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(plot.title)}</text>`,
  ];
  for (const v of yTickValues) {
    out.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${py(v)}" y2="${py(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 6}" y="${py(v)}" text-anchor="end" dominant-baseline="middle">${formatTick(v)}</text>`);
  }
  for (const x of plot.xTicks ?? xs) out.push(`<text x="${px(x)}" y="${height - m.bottom + 16}" text-anchor="middle">${formatTick(x)}</text>`);
  out.push(
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" stroke="black"/>`,
    `<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="black"/>`,
    `<text x="${m.left + innerW / 2}" y="${height - m.bottom + 34}" text-anchor="middle">${escapeXml(plot.xLabel)}</text>`,
    `<text transform="translate(16 ${m.top + innerH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(plot.yLabel)}</text>`,
  );
  plot.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = [...s.points].sort((a, b) => a[0] - b[0]);
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${points.map(([x, y]) => `${px(x)},${py(y)}`).join(" ")}"/>`);
    for (const [x, y] of s.dashed ? [] : points) {
      out.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3.5" fill="${colour}"><title>${escapeXml(`${s.name}: ${formatTick(x)} → ${formatTick(y)}`)}</title></circle>`);
    }
    const [lx, ly] = legend[i]!;
    out.push(`<line x1="${lx}" x2="${lx + 20}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 26}" y="${ly}" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/**
 * Legend entries along the bottom, each placed after the one before by its text's estimated width
 * (about 6.5 px a character at the chart's font size), wrapping to a line above when the row is full.
 */
export function legendPositions(names: readonly string[], left: number, right: number, bottom: number): [x: number, y: number][] {
  const rows: [x: number, row: number][] = [];
  let x = left;
  let row = 0;
  for (const name of names) {
    const width = 26 + name.length * 6.5 + 20;
    if (x > left && x + width > right) {
      x = left;
      row++;
    }
    rows.push([x, row]);
    x += width;
  }
  return rows.map(([px, r]) => [px, bottom - (row - r) * 16]);
}

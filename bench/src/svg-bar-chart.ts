// A small SVG bar chart writer for the benchmark docs: grouped bars with value labels, a y axis
// with gridlines and optional dashed reference lines. Plain strings, no dependencies; the output
// is deterministic for the same input, so a rerun with the same numbers leaves the file as it was.

export interface ChartSeries {
  name: string;
  color: string;
}

export interface ChartGroup {
  label: string;
  /** One value per series, in series order. */
  values: readonly number[];
}

export interface BarChart {
  title: string;
  series: readonly ChartSeries[];
  groups: readonly ChartGroup[];
  /** Top of the y axis (default: the largest value, rounded up to a tick). */
  yMax?: number;
  /** How a value is written on the axis and above its bar. */
  format?: (value: number) => string;
  /** Horizontal dashed lines, e.g. a ceiling. */
  references?: readonly { value: number; label: string }[];
  width?: number;
  height?: number;
}

const MARGIN = { top: 40, right: 20, bottom: 70, left: 50 };

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A "nice" axis top and tick step for values up to `max` (1, 2 or 5 × 10^k steps, 4–10 ticks). */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step - 1e-9) * step, step };
}

const num = (x: number) => String(Math.round(x * 10) / 10);

export function barChartSvg(chart: BarChart): string {
  const width = chart.width ?? 720;
  const height = chart.height ?? 360;
  const format = chart.format ?? ((v: number) => num(v));
  const values = chart.groups.flatMap((g) => g.values);
  const scale = chart.yMax !== undefined ? { top: chart.yMax, step: chart.yMax / 4 } : niceScale(Math.max(0, ...values));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const y = (v: number) => MARGIN.top + plotH - (Math.min(v, scale.top) / scale.top) * plotH;
  const groupW = plotW / Math.max(1, chart.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, chart.series.length);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  for (let v = 0; v <= scale.top + 1e-9; v += scale.step) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${num(y(v))}" y2="${num(y(v))}" stroke="#e0e0e0"/>`,
      `<text x="${MARGIN.left - 6}" y="${num(y(v) + 4)}" text-anchor="end">${escapeXml(format(v))}</text>`,
    );
  }
  chart.groups.forEach((group, g) => {
    const x0 = MARGIN.left + g * groupW + groupW * 0.1;
    group.values.forEach((value, s) => {
      const x = x0 + s * barW;
      const color = chart.series[s]?.color ?? "#888888";
      parts.push(
        `<rect x="${num(x)}" y="${num(y(value))}" width="${num(barW * 0.9)}" height="${num(y(0) - y(value))}" fill="${escapeXml(color)}"/>`,
        `<text x="${num(x + barW * 0.45)}" y="${num(y(value) - 4)}" text-anchor="middle">${escapeXml(format(value))}</text>`,
      );
    });
    // A label may hold line breaks ("\n"): one line of text each.
    group.label.split("\n").forEach((line, i) => {
      parts.push(`<text x="${num(x0 + groupW * 0.4)}" y="${num(y(0) + 16 + 13 * i)}" text-anchor="middle">${escapeXml(line)}</text>`);
    });
  });
  for (const ref of chart.references ?? []) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${num(y(ref.value))}" y2="${num(y(ref.value))}" stroke="#c0392b" stroke-dasharray="6 4"/>`,
      `<text x="${width - MARGIN.right}" y="${num(y(ref.value) - 4)}" text-anchor="end" fill="#c0392b">${escapeXml(ref.label)}</text>`,
    );
  }
  if (chart.series.length > 1) {
    chart.series.forEach((series, s) => {
      const x = MARGIN.left + s * 160;
      parts.push(
        `<rect x="${x}" y="${height - 22}" width="12" height="12" fill="${escapeXml(series.color)}"/>`,
        `<text x="${x + 16}" y="${height - 12}">${escapeXml(series.name)}</text>`,
      );
    });
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${num(y(0))}" y2="${num(y(0))}" stroke="#333333"/>`, "</svg>");
  return `${parts.join("\n")}\n`;
}

// A small SVG line chart (rounds on x) with axes, an optional horizontal reference line and a
// legend; the figure carries a text summary for screen readers, the numbers live in tables beside.
import { linearScale, svgPath, ticks, type Series } from "../../lib/session-view.ts";
import { bandWidths, pointOffsets } from "../../lib/chart-overlap.ts";

const WIDTH = 520;
const HEIGHT = 220;
const PAD = { left: 44, right: 16, top: 12, bottom: 32 };
export const seriesColours = ["#2f5fd0", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#be185d"];

export type LineChartProps = {
  readonly title: string;
  readonly summary: string;
  readonly series: readonly Series[];
  readonly xMax: number;
  readonly xMin?: number;
  readonly reference?: { readonly y: number; readonly label: string };
  readonly testId: string;
};

export function LineChart({ title, summary, series, xMax, xMin = 1, reference, testId }: LineChartProps) {
  const ys = [...series.flatMap((s) => s.points.map((p) => p.y)), ...(reference ? [reference.y] : []), 0];
  const yLo = Math.min(...ys);
  const yHi = Math.max(...ys, yLo + 1e-9);
  const pad = (yHi - yLo) * 0.08;
  const x = linearScale(xMin, Math.max(xMax, xMin + 1), PAD.left, WIDTH - PAD.right);
  const y = linearScale(yLo - (yLo < 0 ? pad : 0), yHi + pad, HEIGHT - PAD.bottom, PAD.top);
  const xTicks = ticks(xMin, Math.max(xMax, xMin + 1), Math.min(Math.max(xMax - xMin, 1), 8)).filter(Number.isInteger);
  const yTicks = ticks(yLo, yHi);
  const offsets = pointOffsets(series);
  const widths = bandWidths(series);
  const titleId = `${testId}-title`;
  const descId = `${testId}-desc`;
  return (
    <figure className="chart" data-testid={testId}>
      <p className="chart-title" aria-hidden="true">{title}</p>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMidYMid meet">
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary}</desc>
        {yTicks.map((t) => (
          <g key={`y${t}`} className="tick">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end">{formatTick(t)}</text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className="tick" x={x(t)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle">{t}</text>
        ))}
        <text className="axis-label" x={(PAD.left + WIDTH - PAD.right) / 2} y={HEIGHT - 2} textAnchor="middle">round</text>
        {reference && (
          <g className="reference" data-testid={`${testId}-reference`}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(reference.y)} y2={y(reference.y)} />
            <text x={WIDTH - PAD.right} y={y(reference.y) - 4} textAnchor="end">{reference.label}</text>
          </g>
        )}
        {series.map((s, i) => (
          <g key={s.agent} className="series" data-series={s.label}>
            <path d={svgPath(s.points, x, y)} stroke={seriesColours[i % seriesColours.length]} fill="none" strokeWidth={widths[i]} strokeLinejoin="round" />
            {s.points.map((p, k) => (
              <circle key={p.x} cx={x(p.x) + offsets[i]![k]!} cy={y(p.y)} r={3.5} fill={seriesColours[i % seriesColours.length]} data-x={p.x} data-y={p.y} />
            ))}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <figcaption>
          <ul className="legend">
            {series.map((s, i) => (
              <li key={s.agent}>
                <span className="swatch" style={{ background: seriesColours[i % seriesColours.length] }} aria-hidden="true" />
                {s.label}
              </li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

// Agents often score the same in a round (a unanimous panel always does), and a line drawn over
// another hides it. Coincident points are set side by side and coincident lines drawn as nested
// bands (each earlier series wider), so every agent stays visible in its colour.
import type { Series } from "./session-view.ts";

/** Horizontal offset (in px) of each series' points: 0 alone, spread by `gap` when several share an (x, y). */
export function pointOffsets(series: readonly Series[], gap = 7): number[][] {
  const shared = new Map<string, number[]>();
  series.forEach((s, i) => {
    for (const p of s.points) {
      const key = `${p.x}:${p.y}`;
      shared.set(key, [...(shared.get(key) ?? []), i]);
    }
  });
  return series.map((s, i) => s.points.map((p) => {
    const group = shared.get(`${p.x}:${p.y}`)!;
    return (group.indexOf(i) - (group.length - 1) / 2) * gap;
  }));
}

/** The stroke width of series `index` of `count`: the first widest (at most `base` + 8), the last `base`. */
export function bandWidth(index: number, count: number, base = 2, step = 2.5): number {
  return count <= 1 ? base : base + (count - 1 - index) * Math.min(step, 8 / (count - 1));
}

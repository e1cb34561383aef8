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

/**
 * Each series' stroke width: `base`, widened by `step` for every later series (drawn over it) that
 * runs along one of its segments, so a line under another shows as a band around it; a line
 * nobody covers stays thin. At most `base` + 8 px.
 */
export function bandWidths(series: readonly Series[], base = 2, step = 2.5): number[] {
  const segments = series.map((s) => new Set(s.points.slice(1).map((p, k) => `${s.points[k]!.x}:${s.points[k]!.y}>${p.x}:${p.y}`)));
  return series.map((_, i) => {
    let covering = 0;
    for (let j = i + 1; j < series.length; j++) if ([...segments[i]!].some((seg) => segments[j]!.has(seg))) covering++;
    return base + covering * Math.min(step, 8 / Math.max(1, series.length - 1));
  });
}

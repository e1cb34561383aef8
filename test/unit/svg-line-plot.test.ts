// The benches' SVG line chart: well-formed, points where the scales put them, bad input refused.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatTick, legendPositions, linePlot, yTicks } from "@concord/bench/svg-line-plot.ts";

const plot = (overrides: Partial<Parameters<typeof linePlot>[0]> = {}) =>
  linePlot({
    title: "Throughput <1 & 2>",
    xLabel: "concurrent sessions",
    yLabel: "sessions/s",
    series: [
      { name: "1 orchestrator", points: [[1, 2], [2, 4], [4, 8]] },
      { name: "2 orchestrators", points: [[4, 10], [1, 2.5], [2, 5]] },
    ],
    width: 400,
    height: 300,
    ...overrides,
  });
const circles = (svg: string) => [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe("linePlot", () => {
  it("draws one polyline and one marked point per value, with escaped text and a legend", () => {
    const svg = plot();
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="400" height="300"/);
    assert.ok(svg.trimEnd().endsWith("</svg>"));
    assert.equal(svg.match(/<polyline/g)?.length, 2);
    assert.equal(circles(svg).length, 6);
    assert.match(svg, /Throughput &lt;1 &amp; 2&gt;/);
    assert.match(svg, />1 orchestrator</);
    assert.match(svg, /<title>2 orchestrators: 4 → 10<\/title>/);
  });
  it("places x on a log2 axis evenly for doubling values and y from a zero baseline", () => {
    const [a, b, c] = circles(plot({ logX: 2 })).slice(0, 3);
    assert.ok(Math.abs(b![0]! - a![0]! - (c![0]! - b![0]!)) < 0.2, "1, 2, 4 equally spaced");
    // y = 2, 4, 8 from 0: equal steps in y map to equal pixel steps (the y axis is inverted).
    assert.ok(a![1]! > b![1]! && b![1]! > c![1]!);
    assert.ok(Math.abs((a![1]! - b![1]!) * 2 - (b![1]! - c![1]!)) < 0.2);
  });
  it("refuses a plot with no points, a non-finite value, or a non-positive value on a log axis", () => {
    assert.throws(() => plot({ series: [] }), /no points/);
    assert.throws(() => plot({ series: [{ name: "s", points: [[1, Number.NaN]] }] }), /non-finite/);
    assert.throws(() => plot({ logY: 10, series: [{ name: "s", points: [[1, 0]] }] }), /log axis/);
  });
});

describe("ticks", () => {
  it("steps a linear axis by 1, 2 or 5 times a power of ten, and a log axis by powers", () => {
    assert.deepEqual(yTicks(0, 9), [0, 2, 4, 6, 8, 10].filter((v) => v <= 9));
    assert.deepEqual(yTicks(0, 120), [0, 50, 100]);
    assert.deepEqual(yTicks(1, 100, 10), [1, 10, 100]);
    assert.equal(formatTick(0.123456), "0.123");
    assert.equal(formatTick(1234.5), "1235");
  });
  it("places legend entries one after another by their length, wrapping upward when a row is full", () => {
    const [a, b] = legendPositions(["short", "a much longer series name"], 64, 624, 346);
    assert.deepEqual(a, [64, 346]);
    assert.ok(b![0] >= 64 + 26 + 5 * 6.5, "the second entry starts after the first one's text");
    const wrapped = legendPositions(["x".repeat(60), "y".repeat(60)], 64, 624, 346);
    assert.deepEqual(wrapped, [[64, 330], [64, 346]]);
  });
  it("labels only the chosen x ticks and draws a dashed series without point marks", () => {
    const svg = plot({
      xTicks: [1, 4],
      series: [{ name: "a", points: [[1, 2], [2, 4], [4, 8]] }, { name: "ceiling", points: [[1, 9], [4, 9]], dashed: true }],
    });
    const xLabels = [...svg.matchAll(/<text x="[\d.]+" y="244" text-anchor="middle">([^<]+)</g)].map((m) => m[1]);
    assert.deepEqual(xLabels, ["1", "4"]);
    assert.equal(circles(svg).length, 3);
    assert.equal(svg.match(/stroke-dasharray="6 4"/g)?.length, 2, "the dashed line and its legend entry");
  });
});

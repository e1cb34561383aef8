// The benchmark docs' SVG bar chart writer.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { barChartSvg, escapeXml, niceScale } from "@concord/bench/svg-bar-chart.ts";

describe("barChartSvg", () => {
  const chart = {
    title: "Accuracy <on> arith & co",
    series: [{ name: "right", color: "#00aa00" }, { name: "wrong", color: "#aa0000" }],
    groups: [{ label: "concord\n3 rounds", values: [80, 20] }, { label: "majority", values: [50, 50] }],
    yMax: 100,
    references: [{ value: 90, label: "ceiling 90%" }],
  };

  it("draws one bar per value, scaled to the axis, with labels escaped", () => {
    const svg = barChartSvg(chart);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /Accuracy &lt;on&gt; arith &amp; co/);
    const bars = [...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="(#[0-9a-f]{6})"/g)];
    assert.equal(bars.filter((b) => b[3] !== "#00aa00" && b[3] !== "#aa0000").length, 0);
    const heights = bars.slice(0, 4).map((b) => Number(b[2]));
    // 360 px tall, 40 top and 70 bottom margins: 250 px for 100.
    assert.deepEqual(heights, [200, 50, 125, 125]);
    assert.match(svg, />concord<\/text>[\s\S]*>3 rounds<\/text>/);
    assert.match(svg, /stroke-dasharray="6 4"[\s\S]*ceiling 90%/);
    assert.match(svg, /<\/svg>\n$/);
  });

  it("is deterministic, and a legend appears only for more than one series", () => {
    assert.equal(barChartSvg(chart), barChartSvg(chart));
    const single = barChartSvg({ ...chart, series: [chart.series[0]!], groups: [{ label: "x", values: [1] }] });
    assert.doesNotMatch(single, />right<\/text>/);
    assert.match(barChartSvg(chart), />right<\/text>[\s\S]*>wrong<\/text>/);
  });

  it("picks a round axis top and step", () => {
    assert.deepEqual(niceScale(7), { top: 8, step: 2 });
    assert.deepEqual(niceScale(43), { top: 50, step: 10 });
    assert.deepEqual(niceScale(0), { top: 1, step: 0.25 });
    assert.equal(escapeXml(`"a" & <b>`), "&quot;a&quot; &amp; &lt;b&gt;");
  });
});

// The session's two charts: each agent's score per round, and what another round was expected to
// add against what a round costs (deliberation stops when it is not worth it).
import { haltingCurve, scoreSeries, type AgentLabel, type RoundView } from "../../lib/session-view.ts";
import type { SessionTranscript } from "@concord/agent-sdk/protocol";
import { LineChart } from "./LineChart.tsx";

export function SessionCharts({ rounds, agents, transcript, maxRounds }: {
  rounds: readonly RoundView[];
  agents: readonly AgentLabel[];
  transcript: SessionTranscript | undefined;
  maxRounds: number;
}) {
  if (rounds.length === 0) return null;
  const series = scoreSeries(rounds, agents);
  const curve = haltingCurve(transcript);
  const lastRound = rounds.at(-1)!.round;
  const xMax = Math.max(lastRound, Math.min(maxRounds, lastRound + 1));
  const scoreSummary = series.map((s) => `${s.label}: ${s.points.map((p) => `round ${p.x} ${p.y}`).join(", ")}`).join("; ");
  return (
    <section aria-labelledby="charts-heading" className="charts">
      <h3 id="charts-heading">Scores and halting</h3>
      <div className="chart-grid">
        <LineChart testId="score-chart" title="QV score per round, per agent" summary={scoreSummary} series={series} xMax={xMax} />
        {curve.cost !== undefined && curve.points.length > 0 && (
          <LineChart
            testId="halting-chart"
            title="Expected accuracy gain of another round"
            summary={`Expected gain of another round ${curve.points.map((p) => `after round ${p.x}: ${p.y.toFixed(3)}`).join(", ")}; ` +
              `a round is worth running above its cost, ${curve.cost.toFixed(3)}.`}
            series={[{ agent: 0, label: "expected gain", points: curve.points }]}
            xMax={xMax}
            reference={{ y: curve.cost, label: `cost of a round ${curve.cost.toFixed(3)}` }}
          />
        )}
      </div>
    </section>
  );
}

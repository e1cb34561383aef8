// The session's two charts: each agent's score per round, and the halting evidence against the
// threshold at which deliberation stops.
import { evidenceCurve, scoreSeries, type AgentLabel, type RoundView } from "../../lib/session-view.ts";
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
  const curve = evidenceCurve(transcript);
  const lastRound = rounds.at(-1)!.round;
  const xMax = Math.max(lastRound, Math.min(maxRounds, lastRound + 1));
  const scoreSummary = series.map((s) => `${s.label}: ${s.points.map((p) => `round ${p.x} ${p.y}`).join(", ")}`).join("; ");
  return (
    <section aria-labelledby="charts-heading" className="charts">
      <h3 id="charts-heading">Scores and halting</h3>
      <div className="chart-grid">
        <LineChart testId="score-chart" title="QV score per round, per agent" summary={scoreSummary} series={series} xMax={xMax} />
        {curve.threshold !== undefined && curve.points.length > 0 && (
          <LineChart
            testId="evidence-chart"
            title="Halting evidence per round"
            summary={`Evidence ${curve.points.map((p) => `after round ${p.x}: ${p.y.toFixed(3)}`).join(", ")}; deliberation stops at ${curve.threshold.toFixed(3)}.`}
            series={[{ agent: 0, label: "evidence", points: curve.points }]}
            xMin={0}
            xMax={xMax}
            reference={{ y: curve.threshold, label: `threshold ${curve.threshold.toFixed(3)}` }}
          />
        )}
      </div>
    </section>
  );
}

// A running session's progress: the round in progress and its phase, then settlement, as a list
// of steps (done, in progress, to come) under one sentence; the step in progress is marked for
// screen readers with aria-current.
import type { SessionProgress } from "../../lib/session-progress.ts";

export function PhaseProgress({ progress }: { progress: SessionProgress }) {
  const key = progress.phase ?? progress.stage;
  return (
    <section aria-labelledby="progress-heading" className="phase-progress" data-testid="phase-progress"
      data-stage={progress.stage} data-round={progress.round ?? 0} data-phase={key}>
      <h3 id="progress-heading" className="visually-hidden">Progress</h3>
      <p className="progress-text" data-testid="phase-progress-text">{progress.text}</p>
      <ol className="progress-steps">
        {progress.steps.map((s) => (
          <li key={s.key} className={`step step-${s.state}`} data-step={s.key} data-state={s.state} aria-current={s.state === "active" ? "step" : undefined}>
            <span className="step-mark" aria-hidden="true">{s.state === "done" ? "✓" : s.state === "active" ? "●" : "○"}</span>
            {s.label}
            <span className="visually-hidden"> ({s.state === "active" ? "in progress" : s.state === "done" ? "done" : "to come"})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

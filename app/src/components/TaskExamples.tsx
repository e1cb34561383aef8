// Under the task field: what the chosen agents can answer (from their heartbeats), with example
// tasks a click puts in the field; or why there is none.
import type { TaskExamples as Examples } from "../lib/task-examples.ts";

export function TaskExamples({ examples, onUse }: { examples: Examples; onUse: (task: string) => void }) {
  if (examples.kind === "none") {
    return <p className="hint" data-testid="task-examples" data-state="none">No example task: {examples.reason}.</p>;
  }
  return (
    <div className="task-examples" data-testid="task-examples" data-state="examples">
      {examples.sets.map((set) => (
        <div key={set.capability}>
          <p className="hint">{capitalised(examples.who)} answer {set.description} Click an example to use it:</p>
          <ul className="plain">
            {set.tasks.map((task) => (
              <li key={task}>
                <button type="button" data-testid="task-example" onClick={() => onUse(task)}>
                  {task}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

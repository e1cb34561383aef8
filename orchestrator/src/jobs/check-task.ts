// Whether a task text is one a job can carry: judged by the job's own schema (sessionJob), so the
// limit has one source, and explained in a person's words (its size against the limit).
import { ConcordError, sessionJob } from "@concord/agent-sdk/protocol";

const REPLACEMENT = "\uFFFD";

/** The task's problem, if it has one; undefined when a job would take it. */
export function checkTask(task: string): ConcordError | undefined {
  const chars = (n: number) => `${n.toLocaleString("en-US")} characters`;
  if (task.trim() === "") return new ConcordError("TASK_INVALID", "the task text is empty");
  const lone = firstLoneSurrogate(task);
  if (lone >= 0) return new ConcordError("TASK_INVALID", `the task text is not well-formed text: a lone UTF-16 surrogate at character ${lone + 1}`);
  // Bytes that were not UTF-8 reach us (argv, a file read as UTF-8) as U+FFFD: say so now, not as a garbled task.
  const replaced = task.indexOf(REPLACEMENT);
  if (replaced >= 0) {
    return new ConcordError("TASK_INVALID",
      `the task text is not valid UTF-8: character ${replaced + 1} is U+FFFD, what undecodable bytes become (check the text's encoding)`);
  }
  const parsed = sessionJob.shape.task.safeParse(task);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  if (issue.code === "too_big") {
    return new ConcordError("TASK_INVALID", `the task text is ${chars(task.length)}; a job takes at most ${chars(Number(issue.maximum))}`);
  }
  return new ConcordError("TASK_INVALID", `the task text is invalid: ${issue.message}`);
}

function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else if (c >= 0xd800 && c <= 0xdfff) return i;
  }
  return -1;
}

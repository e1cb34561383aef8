// The quality benchmark's tasks: procedural sets that ship with the project (arith-200: seeded
// arithmetic word problems; seq-200: next terms of integer sequences; mixed-200: 100 of each,
// interleaved) or a public set from a local file, JSONL or a
// JSON array of {id, problem, answer} (AIME 2025 in this shape, say). A file is validated row by
// row; every bad row is reported with its line number.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { generateSequenceProblem, generateWordProblem, seededRandom, type Random } from "@concord/agent-sdk/providers";

export interface BenchTask {
  id: string;
  problem: string;
  /** The reference answer, as text (an integer for AIME-style sets). */
  answer: string;
  /** The task's family in a procedural set (a simulated member's skill may depend on it). */
  family?: TaskFamily;
}

export type TaskFamily = "arith" | "seq";

export interface TaskSet {
  name: string;
  tasks: BenchTask[];
}

export const PROCEDURAL_SETS = ["arith-200", "seq-200", "mixed-200"] as const;
export type ProceduralSetName = (typeof PROCEDURAL_SETS)[number];
/** The set a run uses when nothing chooses another. */
export const PROCEDURAL_SET: ProceduralSetName = "arith-200";

const GENERATORS: Record<TaskFamily, (random: Random) => { text: string; answer: number }> = {
  arith: generateWordProblem,
  seq: generateSequenceProblem,
};

/**
 * `count` distinct problems of one family from the seed `seed` (a repeat is drawn again): the same
 * tasks on every machine and every run.
 */
function familyTasks(family: TaskFamily, seed: string, count: number): BenchTask[] {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const tasks: BenchTask[] = [];
  while (tasks.length < count) {
    const problem = GENERATORS[family](random);
    if (seen.has(problem.text)) continue;
    seen.add(problem.text);
    tasks.push({ id: "", problem: problem.text, answer: String(problem.answer), family });
  }
  return tasks;
}

/**
 * A shipped set, by name. arith-200 is the first set the benchmark shipped and keeps its tasks;
 * mixed-200 interleaves the first 100 of arith-200 and of seq-200 (arith first), so any prefix
 * (--tasks N) holds both families.
 */
export function proceduralSet(name: ProceduralSetName = PROCEDURAL_SET): TaskSet {
  const arith = familyTasks("arith", "arith-200", 200);
  const seq = familyTasks("seq", "seq-200", 200);
  const tasks = name === "arith-200" ? arith : name === "seq-200" ? seq : arith.slice(0, 100).flatMap((a, i) => [a, seq[i]!]);
  return { name, tasks: tasks.map((t, i) => ({ ...t, id: `${name}-${String(i + 1).padStart(3, "0")}` })) };
}

const row = z.strictObject({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  problem: z.string().min(1),
  answer: z.union([z.string().trim().min(1), z.number().int()]).transform((a) => String(a).trim()),
});

/** Parses a task file's text; `file` names it in errors. JSONL unless the text is a JSON array. */
export function parseTaskSet(text: string, file: string): TaskSet {
  const rows: { line: number; value: unknown }[] = [];
  const problems: string[] = [];
  if (text.trimStart().startsWith("[")) {
    let array: unknown;
    try {
      array = JSON.parse(text);
    } catch (cause) {
      throw new ConcordError("CONFIG_INVALID", `${file} is not valid JSON: ${(cause as Error).message}`, { cause });
    }
    // Line of each element: where its opening brace is (one object per line or pretty-printed).
    const starts = [...text.matchAll(/^\s*\{/gm)].map((m) => text.slice(0, m.index).split("\n").length);
    (array as unknown[]).forEach((value, i) => rows.push({ line: starts[i] ?? i + 1, value }));
  } else {
    text.split("\n").forEach((raw, i) => {
      if (raw.trim() === "") return;
      try {
        rows.push({ line: i + 1, value: JSON.parse(raw) });
      } catch (cause) {
        problems.push(`line ${i + 1}: not JSON (${(cause as Error).message})`);
      }
    });
  }
  const tasks: BenchTask[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of rows) {
    const parsed = row.safeParse(value);
    if (!parsed.success) {
      problems.push(`line ${line}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`).join("; ")}`);
      continue;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier !== undefined) problems.push(`line ${line}: id ${JSON.stringify(parsed.data.id)} repeats line ${earlier}`);
    seen.set(parsed.data.id, line);
    tasks.push(parsed.data);
  }
  if (problems.length > 0) throw new ConcordError("CONFIG_INVALID", `${file} has invalid rows:\n  ${problems.join("\n  ")}`);
  if (tasks.length === 0) throw new ConcordError("CONFIG_INVALID", `${file} holds no tasks`);
  return { name: path.basename(file).replace(/\.(jsonl|json)$/i, ""), tasks };
}

export async function loadTaskSet(file: string): Promise<TaskSet> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseTaskSet(text, file);
}

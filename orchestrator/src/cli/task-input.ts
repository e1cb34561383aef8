// Where `concord submit` takes its task from: the argument, a file, or standard input (`-`).
// Reading stops just past what any job may carry, so a huge file or stream is refused with its
// size by the task check rather than read whole into memory.
import { open } from "node:fs/promises";
import { ConcordError, MAX_TASK_CHARS } from "@concord/agent-sdk/protocol";
import { PreflightRefused } from "../jobs/preflight.ts";
import { UsageError } from "./commands/command.ts";

/** Bytes read at most: every allowed task fits (UTF-8 takes at most 3 bytes per UTF-16 unit), and one byte more shows a task is too long. */
export const MAX_TASK_INPUT_BYTES = 3 * MAX_TASK_CHARS + 1;

/** The task text from `--task-file` (a path, or `-` for standard input) or the positional argument; exactly one. */
export async function readTaskInput(positional: string | undefined, taskFile: string | undefined, stdin: AsyncIterable<Uint8Array> = process.stdin): Promise<string> {
  if ((positional === undefined) === (taskFile === undefined)) {
    throw new UsageError("give the task either as the argument or with --task-file FILE (- for standard input), not both or neither");
  }
  if (positional !== undefined) return positional;
  const bytes = taskFile === "-" ? await readCapped(stdin) : await readFileCapped(taskFile!);
  if (bytes.length >= MAX_TASK_INPUT_BYTES) {
    const source = taskFile === "-" ? "standard input" : taskFile;
    throw new PreflightRefused([new ConcordError("TASK_INVALID",
      `the task from ${source} is over ${MAX_TASK_INPUT_BYTES - 1} bytes, longer than any task a job takes (at most ${MAX_TASK_CHARS.toLocaleString("en")} characters)`)]);
  }
  // One trailing newline is the file's, not the task's.
  return new TextDecoder("utf-8").decode(bytes).replace(/\r?\n$/, "");
}

async function readCapped(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_TASK_INPUT_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_TASK_INPUT_BYTES);
}

async function readFileCapped(file: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (cause) {
    throw new UsageError(`--task-file: cannot read ${file}: ${(cause as Error).message}`, { showUsage: false, cause });
  }
  try {
    const buffer = Buffer.alloc(MAX_TASK_INPUT_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, MAX_TASK_INPUT_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

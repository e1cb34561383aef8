import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MAX_TASK_CHARS } from "@concord/agent-sdk/protocol";
import { MAX_TASK_INPUT_BYTES, readTaskInput } from "@concord/orchestrator/cli/task-input.ts";
import { PreflightRefused } from "@concord/orchestrator/jobs/preflight.ts";
import { UsageError } from "@concord/orchestrator/cli/commands/command.ts";

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

describe("readTaskInput", () => {
  it("takes the argument, or exactly one --task-file", async () => {
    assert.equal(await readTaskInput("What is 6 × 7?", undefined), "What is 6 × 7?");
    await assert.rejects(readTaskInput("a", "-"), UsageError);
    await assert.rejects(readTaskInput(undefined, undefined), UsageError);
  });

  it("reads a file and standard input, dropping one trailing newline", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-task-"));
    try {
      const file = path.join(dir, "task.txt");
      await writeFile(file, "Ada has 12 apples.\nHow many are left?\n");
      assert.equal(await readTaskInput(undefined, file), "Ada has 12 apples.\nHow many are left?");
      assert.equal(await readTaskInput(undefined, "-", chunks("Bram has ", "9 pears.\r\n")), "Bram has 9 pears.");
      await assert.rejects(readTaskInput(undefined, path.join(dir, "missing.txt")), (e: unknown) => e instanceof UsageError && /cannot read/.test(e.message));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a 1 MB file with its size and the limit, reading no more than the cap", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-task-"));
    try {
      const file = path.join(dir, "huge.txt");
      await writeFile(file, "x".repeat(1024 * 1024));
      await assert.rejects(readTaskInput(undefined, file), (e: unknown) =>
        e instanceof PreflightRefused && e.problems[0]!.code === "TASK_INVALID" &&
        e.problems[0]!.message.includes(`over ${MAX_TASK_INPUT_BYTES - 1} bytes`) && e.problems[0]!.message.includes(MAX_TASK_CHARS.toLocaleString("en")));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stops reading an endless standard input at the cap", async () => {
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) yield new Uint8Array(4096).fill(0x61);
    }
    await assert.rejects(readTaskInput(undefined, "-", endless()), PreflightRefused);
  });

  it("keeps a task of exactly the limit in 3-byte characters", async () => {
    const task = "€".repeat(MAX_TASK_CHARS);
    assert.equal(await readTaskInput(undefined, "-", chunks(task)), task);
  });
});

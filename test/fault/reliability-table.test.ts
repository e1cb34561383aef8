// The fault suite's table writer: rows replace their own case's row, stay in case order, and the
// prose above the marker survives; a missing document is created with its introduction.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MARKER, recordCase } from "./support/reliability-table.ts";

describe("the reliability table", () => {
  it("keeps the prose, replaces a case's row and orders rows by case (5a after 5, before 10)", async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-table-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, "reliability.md");
    await writeFile(file, `# Ours\n\nHand-written prose.\n\n${MARKER}\n\nstale generated text\n`);
    await recordCase({ id: "10", fault: "f10", happened: "h", verdict: "holds" }, file);
    await recordCase({ id: "5a", fault: "f5a | piped", happened: "h", verdict: "FAILS: x" }, file);
    await recordCase({ id: "5", fault: "f5", happened: "first", verdict: "holds" }, file);
    await recordCase({ id: "5", fault: "f5", happened: "second", verdict: "holds" }, file);
    const text = await readFile(file, "utf8");
    assert.ok(text.startsWith("# Ours\n\nHand-written prose.\n\n"), text);
    assert.ok(!text.includes("stale generated text"));
    const rows = text.split("\n").filter((l) => /^\| \d/.test(l));
    assert.deepEqual(rows.map((r) => r.split(" | ")[0]), ["| 5", "| 5a", "| 10"]);
    assert.ok(rows[0]!.includes("second") && !text.includes("first"));
    assert.ok(rows[1]!.includes("f5a \\| piped"), rows[1]);
  });

  it("creates the document with its introduction when there is none", async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-table-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, "reliability.md");
    await recordCase({ id: "1", fault: "f", happened: "h", verdict: "holds" }, file);
    const text = await readFile(file, "utf8");
    assert.match(text, /^# Reliability\n/);
    assert.ok(text.indexOf(MARKER) > 0 && text.indexOf("| 1 | f | h | holds |") > text.indexOf(MARKER));
  });
});

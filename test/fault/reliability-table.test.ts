// The fault suite's table writer: rows replace their own case's row, stay in case order, and the
// prose above the marker survives; a missing document is created with its introduction.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
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

  it("loses no row when several processes record cases at once", async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-table-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, "reliability.md");
    const writer = `
      const { recordCase } = await import(${JSON.stringify(new URL("./support/reliability-table.ts", import.meta.url).href)});
      const [file, from] = process.argv.slice(-2);
      for (let i = 0; i < 8; i++) await recordCase({ id: String(Number(from) + i), fault: "f", happened: "h", verdict: "holds" }, file);
    `;
    const processes = 6;
    await Promise.all(
      Array.from({ length: processes }, (_, p) => promisify(execFile)(process.execPath, ["--input-type=module", "-e", writer, file, String(p * 8 + 1)])),
    );
    const rows = (await readFile(file, "utf8")).split("\n").filter((l) => /^\| \d/.test(l));
    assert.deepEqual(rows.map((r) => Number(r.split(" | ")[0]!.slice(2))), Array.from({ length: processes * 8 }, (_, i) => i + 1));
    assert.deepEqual((await readdir(dir)).sort(), ["reliability.md"], "no lock or staged file is left behind");
  });

  it("takes over a lock whose owner died", async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-table-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, "reliability.md");
    const owner = spawn(process.execPath, ["-e", "0"]);
    await once(owner, "exit");
    await writeFile(`${file}.lock`, String(owner.pid));
    await recordCase({ id: "1", fault: "f", happened: "h", verdict: "holds" }, file);
    assert.match(await readFile(file, "utf8"), /\| 1 \| f \| h \| holds \|/);
  });
});

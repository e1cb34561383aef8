// The fault suite writes its own results: one table row per case in docs/reliability.md, below a
// marker line; the prose above the marker is kept. A run of some cases replaces only their rows.
// Fault files run in parallel processes, so each update holds a lock file and replaces the
// document by rename: no row is lost to a concurrent read-modify-write, no reader sees half a file.
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { withFileLock } from "./file-lock.ts";

export const RELIABILITY_DOC = path.resolve(import.meta.dirname, "../../../docs/reliability.md");
export const MARKER = "<!-- fault-suite table below: generated -->";

const INTRO = `# Reliability

What Concord does when its parts fail. The fault suite (\`test/fault/\`, part of \`npm test\`) starts
a real stack with every part in its own OS process (nats-server with JetStream, \`hardhat node\`,
simulated agents, \`concord orchestrator\` workers), injects each fault below, and checks the same
properties every time: each session settles exactly once, or ends failed with a reason and its
bounty can be recovered at its deadline; no job or round is lost or run twice; the rounds recorded
on chain are the rounds the orchestrator published. The table is written by the suite itself on
each run; a row says what was observed, and the verdict is the test's.
`;

const HEADER = ["| # | fault | what happened | verdict |", "|---|---|---|---|"];

export interface CaseRow {
  /** The case's number in the table, with a letter for its variants ("5a"). */
  id: string;
  fault: string;
  happened: string;
  verdict: string;
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** Puts `row` in the generated table (replacing the row of the same case), rows in case order. */
export async function recordCase(row: CaseRow, file = RELIABILITY_DOC): Promise<void> {
  await withFileLock(`${file}.lock`, () => replaceRow(row, file));
}

async function replaceRow(row: CaseRow, file: string): Promise<void> {
  const text = await readFile(file, "utf8").catch(() => `${INTRO}\n${MARKER}\n`);
  const at = text.indexOf(MARKER);
  const prose = at === -1 ? `${text.trimEnd()}\n\n` : text.slice(0, at);
  const generated = at === -1 ? "" : text.slice(at + MARKER.length);
  const rows = new Map<string, string>();
  for (const line of generated.split("\n")) {
    const id = line.match(/^\| (\d+[a-z]?) \|/)?.[1];
    if (id) rows.set(id, line);
  }
  rows.set(row.id, `| ${row.id} | ${cell(row.fault)} | ${cell(row.happened)} | ${cell(row.verdict)} |`);
  const body = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })).map(([, line]) => line);
  const staged = `${file}.${process.pid}.tmp`;
  await writeFile(staged, `${prose}${MARKER}\n\n${[...HEADER, ...body].join("\n")}\n`);
  await rename(staged, file);
}

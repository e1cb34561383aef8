// docs/benchmarks.md is shared by the benches: each one owns a marked section
// (<!-- bench:NAME --> … <!-- /bench:NAME -->) and replaces only that, in place; a section not
// there yet is appended. Nothing outside the markers is touched.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const BENCHMARKS_DOC = path.resolve(import.meta.dirname, "../../docs/benchmarks.md");

export function replaceSection(doc: string, name: string, body: string): string {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = `${open}\n${body.trim()}\n${close}`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start >= 0 && end > start) return doc.slice(0, start) + block + doc.slice(end + close.length);
  return `${doc.trimEnd()}${doc.trim() ? "\n\n" : ""}${block}\n`;
}

export async function writeSection(name: string, body: string, file = BENCHMARKS_DOC): Promise<void> {
  const doc = await readFile(file, "utf8").catch(() => "# Benchmarks\n");
  await writeFile(file, replaceSection(doc, name, body));
}

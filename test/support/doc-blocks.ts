// Reads a worked example out of a Markdown document: the fenced block after
// `<!-- worked-example: NAME -->`, as `label: value` lines (split at the first ": ").
import { readFileSync } from "node:fs";

export function workedExample(file: string, name: string): Map<string, string> {
  const text = readFileSync(file, "utf8");
  const marker = `<!-- worked-example: ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${file} has no ${marker}`);
  const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(text.slice(at + marker.length));
  if (!block) throw new Error(`${file}: no code block after ${marker}`);
  const lines = new Map<string, string>();
  for (const line of block[1]!.split("\n")) {
    const split = line.indexOf(": ");
    if (split < 0) throw new Error(`${file} ${name}: "${line}" is not "label: value"`);
    lines.set(line.slice(0, split), line.slice(split + 2));
  }
  return lines;
}

/** The value of `label`; throws when the block has no such line, so a renamed line fails loudly. */
export function field(example: Map<string, string>, label: string): string {
  const value = example.get(label);
  if (value === undefined) throw new Error(`no line "${label}: …" in the worked example (has: ${[...example.keys()].join(" | ")})`);
  return value;
}

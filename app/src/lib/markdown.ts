// The markdown the project's documents are written in, parsed to a small tree the doc page renders
// as React elements (no HTML strings: nothing in a document can inject markup or script). Covers
// what docs/ uses: headings (with GitHub's anchors), paragraphs, nested lists, fenced code,
// tables, block quotes and rules; inline code, bold, italics and links. Loaded with the doc page
// only, so it adds nothing to the first render.
import { headingSlug } from "./docs.ts";

export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "strong" | "em"; readonly children: readonly Inline[] }
  | { readonly kind: "link"; readonly href: string; readonly children: readonly Inline[] };

export type Block =
  | { readonly kind: "heading"; readonly level: number; readonly id: string; readonly content: readonly Inline[] }
  | { readonly kind: "paragraph"; readonly content: readonly Inline[] }
  | { readonly kind: "list"; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Block[])[] }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "table"; readonly header: readonly (readonly Inline[])[]; readonly rows: readonly (readonly (readonly Inline[])[])[] }
  | { readonly kind: "quote"; readonly blocks: readonly Block[] }
  | { readonly kind: "rule" };

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, "\n").split("\n"), new Map());
}

const fence = /^\s*```/;
const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const rule = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const listItem = /^(\s*)([-*+]|(\d+)[.)])\s+/;
const tableDivider = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => line.trim() === "";

function parseBlocks(lines: readonly string[], slugs: Map<string, number>): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  const startsBlock = (line: string, next: string | undefined) =>
    fence.test(line) || heading.test(line) || rule.test(line) || line.trimStart().startsWith(">") ||
    (listItem.test(line) && indentOf(line) < 4) || (line.trimStart().startsWith("|") && next !== undefined && tableDivider.test(next));
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) { i++; continue; }
    if (fence.test(line)) {
      const body: string[] = [];
      for (i++; i < lines.length && !fence.test(lines[i]!); i++) body.push(lines[i]!);
      i++;
      blocks.push({ kind: "code", text: body.join("\n") });
      continue;
    }
    const h = heading.exec(line);
    if (h !== null) {
      const text = h[2]!;
      const base = headingSlug(plainText(parseInline(text)));
      const seen = slugs.get(base) ?? 0;
      slugs.set(base, seen + 1);
      blocks.push({ kind: "heading", level: h[1]!.length, id: seen === 0 ? base : `${base}-${seen}`, content: parseInline(text) });
      i++;
      continue;
    }
    if (rule.test(line)) { blocks.push({ kind: "rule" }); i++; continue; }
    if (line.trimStart().startsWith("|") && i + 1 < lines.length && tableDivider.test(lines[i + 1]!)) {
      const header = cells(line);
      const rows: Inline[][][] = [];
      for (i += 2; i < lines.length && lines[i]!.trimStart().startsWith("|"); i++) rows.push(cells(lines[i]!));
      blocks.push({ kind: "table", header, rows });
      continue;
    }
    if (line.trimStart().startsWith(">")) {
      const body: string[] = [];
      for (; i < lines.length && lines[i]!.trimStart().startsWith(">"); i++) body.push(lines[i]!.trimStart().replace(/^>\s?/, ""));
      blocks.push({ kind: "quote", blocks: parseBlocks(body, slugs) });
      continue;
    }
    const item = listItem.exec(line);
    if (item !== null && indentOf(line) < 4) {
      i = parseList(lines, i, slugs, blocks);
      continue;
    }
    const text: string[] = [line.trim()];
    for (i++; i < lines.length && !isBlank(lines[i]!) && !startsBlock(lines[i]!, lines[i + 1]); i++) text.push(lines[i]!.trim());
    blocks.push({ kind: "paragraph", content: parseInline(text.join(" ")) });
  }
  return blocks;
}

/** The list starting at line `start` pushed onto `blocks`; returns the line after it. */
function parseList(lines: readonly string[], start: number, slugs: Map<string, number>, blocks: Block[]): number {
  const first = listItem.exec(lines[start]!)!;
  const baseIndent = first[1]!.length;
  const ordered = first[3] !== undefined;
  const items: Block[][] = [];
  let i = start;
  while (i < lines.length) {
    const marker = listItem.exec(lines[i]!);
    if (marker === null || marker[1]!.length !== baseIndent || (marker[3] !== undefined) !== ordered) break;
    const contentIndent = marker[0].length;
    const body: string[] = [lines[i]!.slice(contentIndent)];
    for (i++; i < lines.length; i++) {
      const next = lines[i]!;
      if (isBlank(next)) {
        // A blank line ends the item unless what follows is indented under it.
        const after = lines.slice(i + 1).find((l) => !isBlank(l));
        if (after === undefined || indentOf(after) < contentIndent) break;
        body.push("");
        continue;
      }
      if (indentOf(next) >= contentIndent) { body.push(next.slice(contentIndent)); continue; }
      // A lazy continuation of the item's text, unless it starts the next item or another block.
      if (listItem.test(next) || heading.test(next) || fence.test(next)) break;
      body.push(next.trim());
    }
    items.push(parseBlocks(body, slugs));
    while (i < lines.length && isBlank(lines[i]!)) {
      const after = lines.slice(i).find((l) => !isBlank(l));
      const again = after === undefined ? null : listItem.exec(after);
      if (again === null || again[1]!.length !== baseIndent) break;
      i++;
    }
  }
  blocks.push({ kind: "list", ordered, start: ordered ? Number(first[3]) : 1, items });
  return i;
}

function cells(row: string): Inline[][] {
  const inner = row.trim().replace(/^\|/, "").replace(/\|$/, "");
  // A pipe escaped as \| or inside `code` stays in its cell.
  const parts: string[] = [];
  let current = "", inCode = false;
  for (let k = 0; k < inner.length; k++) {
    const c = inner[k]!;
    if (c === "\\" && inner[k + 1] === "|") { current += "|"; k++; continue; }
    if (c === "`") inCode = !inCode;
    if (c === "|" && !inCode) { parts.push(current); current = ""; continue; }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => parseInline(p.trim()));
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = "";
  const flush = () => {
    if (plain !== "") out.push({ kind: "text", text: plain });
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length && /[\\`*_[\]()#|>-]/.test(text[i + 1]!)) { plain += text[i + 1]; i += 2; continue; }
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end > i) { flush(); out.push({ kind: "code", text: text.slice(i + 1, end) }); i = end + 1; continue; }
    }
    if (text.startsWith("**", i)) {
      const end = text.indexOf("**", i + 2);
      if (end > i + 2) { flush(); out.push({ kind: "strong", children: parseInline(text.slice(i + 2, end)) }); i = end + 2; continue; }
    }
    if (c === "*" && text[i + 1] !== " " && text[i + 1] !== "*") {
      const end = text.indexOf("*", i + 1);
      if (end > i + 1 && text[end - 1] !== " ") { flush(); out.push({ kind: "em", children: parseInline(text.slice(i + 1, end)) }); i = end + 1; continue; }
    }
    if (c === "[") {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(text.slice(i));
      if (link !== null) { flush(); out.push({ kind: "link", href: link[2]!, children: parseInline(link[1]!) }); i += link[0].length; continue; }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

export function plainText(content: readonly Inline[]): string {
  return content.map((n) => (n.kind === "text" || n.kind === "code" ? n.text : plainText(n.children))).join("");
}

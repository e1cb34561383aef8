import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { docLink, docLinkTarget, docSourcePath, headingSlug } from "@concord/app/lib/docs.ts";
import { parseInline, parseMarkdown, plainText, type Block } from "@concord/app/lib/markdown.ts";
import { parseRoute } from "@concord/app/lib/routes.ts";
import { ECONOMICS_DOC } from "@concord/app/lib/session-settlement.ts";

const headings = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.kind === "heading" ? [b.id] : []));

describe("app/lib/docs", () => {
  it("links the payout rule to the dApp's own page of docs/economics.md, at §2's heading", () => {
    assert.deepEqual(docLink(ECONOMICS_DOC.doc, ECONOMICS_DOC.heading), { href: "/docs/economics#2-the-rule", internal: true });
    assert.equal(docSourcePath("economics"), "/docs/economics.md");
    const page = parseRoute("/docs/economics");
    assert.ok(page.name === "doc" && page.doc === "economics");
    assert.equal(parseRoute("/docs/security").name, "not-found", "only the documents the server serves have a page");
  });

  it("links to a configured documents URL instead, the same heading by GitHub's anchor", () => {
    assert.deepEqual(
      docLink("economics", "2. The rule", { url: "https://github.com/example/concord/blob/main/docs/" }),
      { href: "https://github.com/example/concord/blob/main/docs/economics.md#2-the-rule", internal: false },
    );
  });

  it("anchors headings as GitHub does", () => {
    assert.equal(headingSlug("2. The rule"), "2-the-rule");
    assert.equal(headingSlug("Weights: whom to trust with the answer"), "weights-whom-to-trust-with-the-answer");
    assert.equal(headingSlug("1. The session's life"), "1-the-sessions-life");
  });

  it("follows links between served documents within the app, web links as they are, and no other scheme", () => {
    assert.deepEqual(docLinkTarget("protocol.md#outages"), { href: "/docs/protocol#outages", internal: true });
    assert.deepEqual(docLinkTarget("#anchors"), { href: "#anchors", internal: true });
    assert.deepEqual(docLinkTarget("https://example.org/x"), { href: "https://example.org/x", internal: false });
    assert.equal(docLinkTarget("../contracts/Sessions.sol"), undefined, "a repository path the server does not serve");
    assert.equal(docLinkTarget("security.md"), undefined);
    assert.equal(docLinkTarget("javascript:alert(1)"), undefined);
  });
});

describe("app/lib/markdown", () => {
  it("parses headings, paragraphs joined across lines, nested lists, code, tables and quotes", () => {
    const blocks = parseMarkdown([
      "# Title", "", "One line", "and the next.", "", "## 2. The rule", "",
      "1. **First.** It has", "   - a nested item", "   - and another,", "     continued", "2. Second", "",
      "```", "code | not a table", "```", "", "| a | b |", "|---|---|", "| `x \\| y` | 2 |", "", "> quoted", "", "---", "", "## 2. The rule",
    ].join("\n"));
    assert.deepEqual(blocks.map((b) => b.kind), ["heading", "paragraph", "heading", "list", "code", "table", "quote", "rule", "heading"]);
    assert.deepEqual(headings(blocks), ["title", "2-the-rule", "2-the-rule-1"], "a repeated heading gets GitHub's -1");
    assert.deepEqual(blocks[1], { kind: "paragraph", content: [{ kind: "text", text: "One line and the next." }] });
    const list = blocks[3]!;
    assert.ok(list.kind === "list" && list.ordered);
    assert.equal(list.items.length, 2);
    const nested = list.items[0]![1]!;
    assert.ok(nested.kind === "list" && !nested.ordered);
    assert.deepEqual(nested.items.map((item) => item.map((b) => (b.kind === "paragraph" ? plainText(b.content) : b.kind))), [["a nested item"], ["and another, continued"]]);
    assert.deepEqual(blocks[4], { kind: "code", text: "code | not a table" });
    const table = blocks[5]!;
    assert.ok(table.kind === "table");
    assert.deepEqual(table.rows[0]!.map(plainText), ["x | y", "2"]);
  });

  it("parses inline code, bold, italics and links, and keeps markup characters of plain text", () => {
    assert.deepEqual(parseInline("a `b*c` **d** *e* [f](g.md) 2 * 3 \\*h"), [
      { kind: "text", text: "a " }, { kind: "code", text: "b*c" }, { kind: "text", text: " " },
      { kind: "strong", children: [{ kind: "text", text: "d" }] }, { kind: "text", text: " " },
      { kind: "em", children: [{ kind: "text", text: "e" }] }, { kind: "text", text: " " }, { kind: "link", href: "g.md", children: [{ kind: "text", text: "f" }] },
      { kind: "text", text: " 2 * 3 *h" },
    ]);
  });

  it("reads the repository's economics.md with the heading the payout rule links to", async () => {
    const blocks = parseMarkdown(await readFile(new URL("../../docs/economics.md", import.meta.url), "utf8"));
    assert.ok(headings(blocks).includes("2-the-rule"));
    assert.ok(blocks.some((b) => b.kind === "table"));
  });
});

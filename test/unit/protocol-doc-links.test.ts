// docs/protocol.md stands alone: every link it makes resolves inside docs/ (a file that exists,
// or a heading of its own), so a reader with only the docs folder can follow it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const docs = path.resolve(import.meta.dirname, "../../docs");
const text = readFileSync(path.join(docs, "protocol.md"), "utf8");

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

describe("docs/protocol.md", () => {
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  const anchors = new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));

  it("links only to files inside docs/ that exist", () => {
    const files = links.filter((l) => !l.startsWith("#") && !/^https?:/.test(l)).map((l) => l.split("#")[0]!);
    assert.ok(files.length > 10);
    for (const file of files) {
      const target = path.resolve(docs, file);
      assert.ok(target.startsWith(docs + path.sep), `${file} leaves docs/`);
      assert.ok(existsSync(target), `${file} does not exist`);
    }
  });

  it("links only to headings it has", () => {
    const own = links.filter((l) => l.startsWith("#")).map((l) => l.slice(1));
    assert.ok(own.length > 5);
    for (const anchor of own) assert.ok(anchors.has(anchor), `#${anchor} names no heading`);
  });
});

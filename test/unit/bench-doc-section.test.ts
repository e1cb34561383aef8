// docs/benchmarks.md is shared by the benches: each replaces only its own marked section.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { replaceSection } from "@concord/bench/doc-section.ts";

describe("bench doc sections", () => {
  const doc = "# Benchmarks\n\n<!-- bench:gas -->\ngas v1\n<!-- /bench:gas -->\n";

  it("appends a section that is not there yet and leaves the others alone", () => {
    const out = replaceSection(doc, "overhead", "overhead v1");
    assert.equal(out, `${doc}\n<!-- bench:overhead -->\noverhead v1\n<!-- /bench:overhead -->\n`);
  });

  it("replaces a section in place, whichever bench runs last", () => {
    const both = replaceSection(doc, "overhead", "overhead v1");
    const out = replaceSection(replaceSection(both, "gas", "gas v2\n"), "overhead", "overhead v2");
    assert.equal(out, both.replace("gas v1", "gas v2").replace("overhead v1", "overhead v2"));
  });
});

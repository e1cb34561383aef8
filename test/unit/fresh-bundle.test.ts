// A bundle (the simulated agent's, the CLI's) runs only when it is newer than every file it was
// built from; otherwise the source does. After `npm run build` both are fresh, so the devnet's agents
// and every `concord` process of the suites run from them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AGENT_TARGET, CLI_TARGET, freshEntry } from "@concord/orchestrator/bundles/fresh-bundle.ts";

async function files(t: { after(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(tmpdir(), "concord-entry-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const at = (name: string) => path.join(dir, name);
  const input = at("input.ts");
  await writeFile(input, "");
  await writeFile(at("bundle.mjs"), "");
  await writeFile(at("inputs.json"), JSON.stringify([input]));
  const age = async (name: string, seconds: number) => utimes(at(name), 1_700_000_000 + seconds, 1_700_000_000 + seconds);
  return { at, age, pick: () => freshEntry({ bundle: at("bundle.mjs"), inputs: at("inputs.json"), source: at("source.ts") }) };
}

describe("freshEntry", () => {
  it("runs the bundle when it is at least as new as every input", async (t) => {
    const { at, age, pick } = await files(t);
    await age("input.ts", 0);
    await age("bundle.mjs", 10);
    assert.equal(pick(), at("bundle.mjs"));
  });

  it("runs the source when an input changed after the bundle was built", async (t) => {
    const { at, age, pick } = await files(t);
    await age("bundle.mjs", 10);
    await age("input.ts", 20);
    assert.equal(pick(), at("source.ts"));
  });

  it("runs the source when the bundle, its list or an input is missing", async (t) => {
    const { at, age, pick } = await files(t);
    await age("input.ts", 0);
    await age("bundle.mjs", 10);
    await writeFile(at("inputs.json"), JSON.stringify([at("input.ts"), at("gone.ts")]));
    assert.equal(pick(), at("source.ts"));
    await rm(at("inputs.json"));
    assert.equal(pick(), at("source.ts"));
    await rm(at("bundle.mjs"));
    assert.equal(pick(), at("source.ts"));
  });
});

describe("the bundles `npm run build` writes", () => {
  for (const [name, target] of [["agent", AGENT_TARGET], ["cli", CLI_TARGET]] as const) {
    it(`${name}: fresh, so it is what runs (stale after an edit: npm run build:bundles)`, () => {
      assert.equal(freshEntry(target), target.bundle);
    });
  }
});

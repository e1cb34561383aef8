// The orchestrator's own layers: the round loop (rounds/) sits on state/, nats/, chain/ and
// crypto/, and none of those imports the loop or anything built on it (jobs/, cli/, web/, devnet/).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { boundaryViolations, declaredDependencies, sourcesUnder } from "../support/package-boundaries.ts";

const root = path.resolve(import.meta.dirname, "../..");
const below = ["crypto", "chain", "nats", "state"].map((dir) => `orchestrator/src/${dir}`);

describe("orchestrator layers", () => {
  for (const dir of below) {
    it(`${dir} imports nothing from the round loop or above it`, () => {
      const rule = { dir, reach: below, concord: ["@concord/agent-sdk/", "@concord/deploy"], node: true };
      const files = sourcesUnder(root, dir);
      assert.ok(files.length > 0, `no sources found under ${dir}`);
      assert.deepEqual(boundaryViolations(rule, files, declaredDependencies(root, "orchestrator")), []);
    });
  }
});

// Every `concord` command, the orchestrator and the main job (`npm start` = `concord start`)
// included, is parsed by the one runner (orchestrator/src/cli/run-cli.ts): the same help, the same
// usage errors and exit codes. Nothing here starts a server.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runConcord } from "../support/concord-cli.ts";

describe("concord", () => {
  describe("orchestrator", () => {
    it("prints its help with --help and exits 0", async () => {
      const { code, out } = await runConcord(["orchestrator", "--help"]);
      assert.equal(code, 0, out);
      assert.match(out, /^usage: concord orchestrator \[--key-env VAR\]/);
      assert.match(out, /--lock-ttl-ms N\s+a dead owner's sessions are free after this long \(default 15000\)/);
    });

    it("exits 2 naming an unknown flag, with its usage", async () => {
      const { code, out } = await runConcord(["orchestrator", "--deployment-file", "x.json"]);
      assert.equal(code, 2, out);
      assert.match(out, /^concord orchestrator: CONFIG_INVALID: Unknown option '--deployment-file'$/m);
      assert.match(out, /usage: concord orchestrator/);
    });

    it("exits 2 on a bad flag value before it looks for a stack", async () => {
      const { code, out } = await runConcord(["orchestrator", "--concurrency", "0"]);
      assert.equal(code, 2, out);
      assert.match(out, /^concord orchestrator: CONFIG_INVALID: --concurrency: between 1 and 256$/m);
    });
  });

  describe("start", () => {
    it("prints its help with --help and exits 0", async () => {
      const { code, out } = await runConcord(["start", "--help"]);
      assert.equal(code, 0, out);
      assert.match(out, /^usage: concord start \[--once\] \[--min-rounds N\] \[--max-rounds N\] \[--effort E\] \[--bounty ETH\] \[--port P\] \[--seed S\] \[--task-family NAME\] \[--verbose\]/);
    });

    it("exits 2 naming an unknown flag, with its usage", async () => {
      const { code, out } = await runConcord(["start", "--rounds", "3"]);
      assert.equal(code, 2, out);
      assert.match(out, /^concord start: CONFIG_INVALID: Unknown option '--rounds'$/m);
      assert.match(out, /usage: concord start/);
    });

    it("exits 2 on an out-of-range flag with the message it always had", async () => {
      const { code, out } = await runConcord(["start", "--max-rounds", "65"]);
      assert.equal(code, 2, out);
      assert.match(out, /^concord start: CONFIG_INVALID: --max-rounds must be an integer in 1\.\.64, got 65$/m);
    });

    it("is what npm start runs", () => {
      const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { scripts: Record<string, string> };
      assert.equal(manifest.scripts.start, "node orchestrator/src/cli/concord.ts start");
    });
  });

  it("lists start and orchestrator among its commands", async () => {
    const { code, out } = await runConcord(["--help"]);
    assert.equal(code, 0, out);
    assert.match(out, /^ {2}start {2,}the main job/m);
    assert.match(out, /^ {2}orchestrator {2,}take session jobs from the queue/m);
  });
});

// The stack `npm start` (= `concord start`) brings up is found by the other commands run by hand,
// with no flags: its record names the endpoints and a NATS user for the command line. Once it
// stops, the record is gone and the commands say so instead of hanging.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runConcord, startConcord, type RunningConcord } from "../support/concord-cli.ts";

describe("a stack started by `concord start`", () => {
  let dir: string;
  let record: string;
  /** Only where to find the record, as a second stack beside the developer's would need. */
  let env: NodeJS.ProcessEnv;
  let main: RunningConcord;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-stack-"));
    record = path.join(dir, "devnet.json");
    env = { CONCORD_RECORD: record };
    main = startConcord(["start", "--port", "0", "--min-rounds", "2", "--max-rounds", "2", "--seed", "stack-record"], env);
    await main.waitFor(/^settled session 1: winner/);
    await main.waitFor(/Ctrl-C stops\.$/);
  });

  after(async () => {
    await main?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the record the other commands read", () => {
    assert.ok(existsSync(record), main.lines.join("\n"));
  });

  it("is listed by `concord sessions` with no flags", async () => {
    const { code, out } = await runConcord(["sessions"], env);
    assert.equal(code, 0, out);
    assert.match(out, /^1\s+Settled\s+1 ETH\s+#1,#2,#3\s+2\/2\s+#\d$/m);
  });

  it("shows its transcript from NATS through `concord session 1` with no flags", async () => {
    const { code, out } = await runConcord(["session", "1"], env);
    assert.equal(code, 0, out);
    assert.doesNotMatch(out, /transcript unavailable/);
    assert.match(out, /^session 1: Settled · bounty 1 ETH · 2\/2 rounds · agents ada #1, bram #2, chloe #3$/m);
    assert.match(out, /^evaluation weights \(from each agent's history; a vote counts that many times\): ada 1, bram 1, chloe 1$/m, "the first session's agents are fresh");
    assert.match(out, /score matrix \(rows: evaluators, columns: proposals\):/);
    assert.match(out, /^halted after round 2 \((unanimous|confident|max-rounds): /m);
    assert.match(out, /^settled \(tx 0x[0-9a-f]{64}\): winner (ada|bram|chloe), final answer -?\d+$/m);
  });

  it("removes its record when stopped, so a command then says there is no stack", async () => {
    assert.equal(await main.stop("SIGINT"), 130, main.lines.join("\n"));
    assert.ok(!existsSync(record));
    const { code, out } = await runConcord(["sessions"], env);
    assert.equal(code, 2, out);
    assert.match(out, /^concord sessions: CONFIG_INVALID: no devnet record at .*devnet\.json: start a stack with `npm start` or `concord devnet`/m);
  });
});

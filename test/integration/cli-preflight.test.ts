// `concord submit` checks everything that can refuse a session before the bounty moves, on a real
// devnet with simulated agents run as `concord agent` processes: a task too long, a task no agent
// will answer, a bounty above the balance are refused with no session created.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { MAX_TASK_CHARS } from "@concord/agent-sdk/protocol";
import { connectEvm, resolveEndpoints } from "@concord/orchestrator/cli/config/endpoints.ts";
import type { ChainContext } from "@concord/orchestrator/chain/chain-context.ts";
import { runConcord } from "../support/concord-cli.ts";
import { startCliStack, type CliStack } from "../support/cli-stack.ts";

describe("concord submit's preflight", () => {
  let dir: string;
  let stack: CliStack;
  let chain: ChainContext;
  const sessionCount = () =>
    chain.publicClient.readContract({ address: chain.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "sessionCount" });

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-preflight-"));
    stack = await startCliStack(dir, [{ name: "ada", skill: 0.9 }, { name: "bram", skill: 0.8 }]);
    ({ chain } = await connectEvm(await resolveEndpoints({ record: stack.record }, { nats: false })));
  });

  after(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses a task one character over the limit, exit 2, creating no session", async () => {
    const before = await sessionCount();
    const { code, out } = await runConcord(["submit", "x".repeat(MAX_TASK_CHARS + 1), "--record", stack.record]);
    assert.equal(code, 2, out);
    assert.match(out, /^concord submit: PREFLIGHT_REFUSED: refused before the bounty moved \(no session was created\):$/m);
    assert.match(out, /^ {2}- TASK_INVALID: the task text is 20,001 characters; a job takes at most 20,000 characters$/m);
    assert.doesNotMatch(out, /ZodError|too_big|"code"/);
    assert.equal(await sessionCount(), before);
  });

  it("refuses a 1 MB task file, exit 2, creating no session", async () => {
    const before = await sessionCount();
    const file = path.join(dir, "huge-task.txt");
    await writeFile(file, "Ada has 12 apples. ".repeat(55_000));
    const { code, out } = await runConcord(["submit", "--task-file", file, "--record", stack.record]);
    assert.equal(code, 2, out);
    assert.match(out, /^ {2}- TASK_INVALID: the task from .*huge-task\.txt is over 60000 bytes, longer than any task a job takes \(at most 20,000 characters\)$/m);
    assert.equal(await sessionCount(), before);
  });

  it("refuses a task no agent will answer before escrow, naming each agent and why", async () => {
    const before = await sessionCount();
    const { code, out } = await runConcord(["submit", "Write a sonnet about the sea.", "--record", stack.record]);
    assert.equal(code, 1, out);
    for (const name of ["ada", "bram"]) {
      assert.match(out, new RegExp(`^ {2}- AGENT_DECLINED: agent ${name} declines: this simulated solver only answers arithmetic word problems of its family$`, "m"));
    }
    assert.match(out, /^ {2}- TOO_FEW_AGENTS: 0 of the 2 agents \(ada, bram\) will answer this task; a session needs at least 2$/m);
    assert.equal(await sessionCount(), before);
  });

  it("refuses a bounty above the submitter's balance with the amounts, not the node's error", async () => {
    const before = await sessionCount();
    const task = "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";
    const { code, out } = await runConcord(["submit", task, "--bounty", "100000", "--agents", "ada,bram", "--record", stack.record]);
    assert.equal(code, 1, out);
    assert.match(out, /^ {2}- INSUFFICIENT_FUNDS: the submitter 0x[0-9a-fA-F]{40} has [\d.]+ ETH, less than the bounty of 100000 ETH \(plus gas\)$/m);
    assert.doesNotMatch(out, /Missing or invalid parameters/);
    assert.equal(await sessionCount(), before);
  });

  it("says a session that does not exist does not, exit 2, without a revert dump", async () => {
    const count = await sessionCount();
    const { code, out } = await runConcord(["session", "999", "--record", stack.record]);
    assert.equal(code, 2, out);
    const range = count === 0n ? "no session has been created yet" : count === 1n ? "there is only session 1" : `sessions run 1..${count}`;
    assert.equal(out, `concord session: SESSION_NOT_FOUND: session 999 does not exist (${range})`);
  });
});

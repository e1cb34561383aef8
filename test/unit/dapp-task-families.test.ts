// The task family names a dApp server lists for its page: `concord dapp --task-family NAME`
// (repeatable, checked like a session's family name), `concord start`'s own, and the server
// passing them through to the page's config.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { dappConfigSchema, MAX_LISTED_TASK_FAMILIES, MAX_TASK_FAMILY_CHARS } from "@concord/agent-sdk/protocol";
import { dappCommand, dappFlags } from "@concord/orchestrator/cli/commands/dapp.ts";
import { dappTaskFamilies } from "@concord/orchestrator/cli/commands/start.ts";
import { UsageError, type FlagValues } from "@concord/orchestrator/cli/commands/command.ts";
import { runCli } from "@concord/orchestrator/cli/run-cli.ts";
import { startDappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { devnetDeployment } from "../support/deployment-fixture.ts";

/** `concord dapp ARGS`'s flags as the runner parses them. */
const flagsOf = (...args: string[]) => dappFlags(parseArgs({ args, options: dappCommand.options, strict: true }).values as FlagValues);

function refuses(args: string[], pattern: RegExp) {
  assert.throws(() => flagsOf(...args), (error) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

describe("concord dapp --task-family", () => {
  it("takes the flag repeatedly, each name once, in the order given", () => {
    assert.equal(flagsOf()["task-family"], undefined);
    assert.deepEqual(flagsOf("--task-family", "arithmetic")["task-family"], ["arithmetic"]);
    assert.deepEqual(flagsOf("--task-family", "arithmetic", "--task-family", "Sequences", "--task-family", "arithmetic")["task-family"], ["arithmetic", "Sequences"]);
    assert.deepEqual(flagsOf("--task-family", "x".repeat(MAX_TASK_FAMILY_CHARS))["task-family"], ["x".repeat(MAX_TASK_FAMILY_CHARS)]);
  });
  it("refuses an empty or overlong name, naming the flag and which one", () => {
    refuses(["--task-family", ""], /--task-family\.0: a task family name of 1\.\.100 characters/);
    refuses(["--task-family", "ok", "--task-family", "x".repeat(MAX_TASK_FAMILY_CHARS + 1)], /--task-family\.1: a task family name of 1\.\.100 characters/);
  });
  it(`refuses more than ${MAX_LISTED_TASK_FAMILIES} names`, () => {
    refuses(Array.from({ length: MAX_LISTED_TASK_FAMILIES + 1 }, (_, i) => ["--task-family", `f${i}`]).flat(), /--task-family: at most 64 task families/);
  });
  it("exits 2 with the reason before reaching any chain, and documents the flag", async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (line: string) => lines.push(line);
    try {
      assert.equal(await runCli({ name: "concord", commands: [dappCommand] }, ["dapp", "--task-family", ""]), 2);
    } finally {
      console.error = original;
    }
    assert.match(lines.join("\n"), /--task-family\.0: a task family name/);
    assert.match(dappCommand.help, /--task-family NAME/);
  });
});

describe("concord start's listed task families", () => {
  const gateway = (...families: (string | undefined)[]) => ({ panels: families.map((taskFamily) => ({ name: "devnet", agents: [], taskFamily })) });
  it("lists the session's and the gateway's families once each, none when neither is set", () => {
    assert.equal(dappTaskFamilies(undefined, gateway(undefined)), undefined);
    assert.deepEqual(dappTaskFamilies("arithmetic", gateway(undefined)), ["arithmetic"]);
    assert.deepEqual(dappTaskFamilies(undefined, gateway("chat")), ["chat"]);
    assert.deepEqual(dappTaskFamilies("arithmetic", gateway("chat", "arithmetic")), ["arithmetic", "chat"]);
  });
});

describe("startDappServer taskFamilies", () => {
  async function servedConfig(taskFamilies?: string[]) {
    const server = await startDappServer({ deployment: devnetDeployment, sessionLogs: false, taskFamilies });
    try {
      const response = await fetch(`${server.url}/config.json`);
      assert.equal(response.status, 200);
      return dappConfigSchema.parse(await response.json());
    } finally {
      await server.close();
    }
  }
  it("passes the names through to the page's config, and lists none by default", async () => {
    assert.deepEqual((await servedConfig(["arithmetic", "sequences"])).taskFamilies, ["arithmetic", "sequences"]);
    assert.equal((await servedConfig()).taskFamilies, undefined);
  });
  it("refuses a name the page would refuse, before listening", async () => {
    await assert.rejects(startDappServer({ deployment: devnetDeployment, sessionLogs: false, taskFamilies: [""] }));
  });
});

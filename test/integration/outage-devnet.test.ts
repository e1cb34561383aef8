// `concord devnet` when one of its servers dies on its own: it says which, stops the other, removes
// its record and exits non-zero, rather than leave a record pointing at half a stack.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startConcord } from "../support/concord-cli.ts";

/** The direct children of `pid`, by command name. */
function childrenOf(pid: number): { pid: number; command: string }[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" });
  return out.trim().split("\n").filter(Boolean).map((line) => {
    const [child, ...args] = line.trim().split(/\s+/);
    return { pid: Number(child), command: args.join(" ") };
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("concord devnet", () => {
  it("exits non-zero naming nats-server when it dies, stops the node and removes its record", { timeout: 120_000 }, async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-devnet-outage-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const record = path.join(dir, "devnet.json");
    const devnet = startConcord(["devnet", "--record", record]);
    t.after(() => devnet.stop("SIGKILL"));
    await devnet.waitFor(/^devnet ready/);
    await access(record);

    const children = childrenOf(devnet.child.pid!);
    const nats = children.find((c) => /nats-server/.test(c.command));
    const node = children.find((c) => /hardhat/.test(c.command));
    assert.ok(nats && node, children.map((c) => c.command).join("\n"));
    const exited = new Promise<number | null>((resolve) => devnet.child.once("close", resolve));
    process.kill(nats.pid, "SIGKILL");

    assert.equal(await exited, 1);
    assert.ok(
      devnet.lines.includes("concord devnet: nats-server exited unexpectedly (signal SIGKILL); stopping the devnet"),
      devnet.lines.join("\n"),
    );
    await assert.rejects(access(record), { code: "ENOENT" });
    assert.equal(alive(node.pid), false, "the hardhat node was stopped");
  });
});

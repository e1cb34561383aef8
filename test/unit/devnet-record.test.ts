// The running stack's record (devnet/devnet-record.ts): one file every launcher writes and every
// command reads, refused once the process that keeps the stack up is gone.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  assertNoLiveRecord, devnetRecordOf, readDevnetRecord, removeDevnetRecord, writeDevnetRecord, type DevnetRecord,
} from "@concord/orchestrator/devnet/devnet-record.ts";
import { devnetDeployment } from "../support/deployment-fixture.ts";

const deployment = devnetDeployment;

const stack = {
  nats: { url: "nats://127.0.0.1:4222", websocketUrl: "ws://127.0.0.1:4223" },
  evm: { rpcUrl: "http://127.0.0.1:8545" },
  deployment,
  natsUsers: {
    admin: { user: "concord-admin", pass: "a" }, cli: { user: "cli", pass: "c" }, viewer: { user: "viewer", pass: "v" },
    relayer: { user: "relayer", pass: "r" }, agents: { ada: { user: "agent-ada", pass: "x" } },
  },
};

/** The id of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid;
}

describe("the devnet record", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-record-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("reads back what a launcher wrote, NATS users included", async () => {
    const file = path.join(dir, "written.json");
    const record = devnetRecordOf(stack, "concord start", { dappUrl: "http://127.0.0.1:5173" });
    await writeDevnetRecord(file, record);
    const read = await readDevnetRecord(file);
    assert.equal(read.pid, process.pid);
    assert.equal(read.startedBy, "concord start");
    assert.deepEqual(read.natsUsers?.cli, { user: "cli", pass: "c" });
    assert.equal(read.dappUrl, "http://127.0.0.1:5173");
  });

  it("is refused as stale once its launcher is gone", async () => {
    const file = path.join(dir, "stale.json");
    const record: DevnetRecord = { ...devnetRecordOf(stack, "concord start"), pid: deadPid() };
    await writeFile(file, JSON.stringify(record));
    await assert.rejects(readDevnetRecord(file), /CONFIG_INVALID: the devnet record at .*stale\.json is stale: `concord start` \(pid \d+\) is no longer running/);
    // A stale record does not stop a new stack from taking the file.
    await assertNoLiveRecord(file);
  });

  it("names the launchers when there is none", async () => {
    await assert.rejects(readDevnetRecord(path.join(dir, "none.json")), /no devnet record at .*none\.json: start a stack with `npm start` or `concord devnet`/);
  });

  it("keeps a second launcher off the record of a stack that still runs", async () => {
    const file = path.join(dir, "live.json");
    await writeFile(file, JSON.stringify({ ...devnetRecordOf(stack, "concord devnet"), pid: process.ppid }));
    await assert.rejects(assertNoLiveRecord(file), /a stack started by `concord devnet` \(pid \d+\) is running with its record at/);
    // Nor does this process remove a record another one wrote.
    await removeDevnetRecord(file);
    assert.ok(existsSync(file));
  });

  it("is removed by the process that wrote it", async () => {
    const file = path.join(dir, "mine.json");
    await writeFile(file, JSON.stringify(devnetRecordOf(stack, "concord devnet")));
    await removeDevnetRecord(file);
    assert.ok(!existsSync(file));
  });
});

// The SDK's deployment-record reader and connectDeployment, on files and a port nothing listens on:
// a bare deployment record and a stack's record both read, every bad file named with its problem,
// and a record whose node is gone said to belong to a stack that is not running.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConcordError, type ErrorCode } from "@concord/agent-sdk/protocol";
import { connectDeployment, readDeploymentRecord } from "@concord/agent-sdk/chain";
import { freePort } from "@concord/orchestrator/devnet/free-port.ts";
import { devnetDeployment } from "../support/deployment-fixture.ts";

function failsWith(code: ErrorCode, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ConcordError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}

describe("readDeploymentRecord", () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const at = path.join(dir, name);
    return writeFile(at, content).then(() => at);
  };
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-deployment-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("reads a deployment record, and the one inside a stack's record", async () => {
    assert.deepEqual(await readDeploymentRecord(await file("deployment.json", JSON.stringify(devnetDeployment))), devnetDeployment);
    const stack = { pid: 1, startedBy: "concord devnet", rpcUrl: devnetDeployment.rpcUrl, deployment: devnetDeployment };
    assert.deepEqual(await readDeploymentRecord(await file("devnet.json", JSON.stringify(stack))), devnetDeployment);
  });

  it("says a missing record means no stack runs with it (the stack removes it when it stops)", async () => {
    await assert.rejects(readDeploymentRecord(path.join(dir, "gone.json")), failsWith("DEPLOYMENT_NOT_RUNNING", /no deployment record at .*gone\.json: .*removes it when it stops/));
  });

  it("names the file and the field of a record that is not one", async () => {
    await assert.rejects(readDeploymentRecord(await file("text.json", "not json")), failsWith("CONFIG_INVALID", /text\.json is not JSON/));
    const broken = { ...devnetDeployment, contracts: { ...devnetDeployment.contracts, Sessions: "0x12" } };
    await assert.rejects(readDeploymentRecord(await file("broken.json", JSON.stringify(broken))), failsWith("CONFIG_INVALID", /broken\.json holds no valid deployment record:[\s\S]*contracts\.Sessions/));
  });
});

describe("connectDeployment", () => {
  it("says the stack that wrote a record is not running when nothing answers at its RPC URL", async () => {
    const rpcUrl = `http://127.0.0.1:${await freePort()}`;
    await assert.rejects(
      connectDeployment({ ...devnetDeployment, rpcUrl }, { recordFile: "/tmp/devnet.json" }),
      failsWith("DEPLOYMENT_NOT_RUNNING", new RegExp(`^DEPLOYMENT_NOT_RUNNING: nothing answers at ${rpcUrl} \\(chain 31337\\), so the stack that wrote the deployment record at /tmp/devnet\\.json is not running`)),
    );
  });
});

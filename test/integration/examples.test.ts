// The scripts in examples/ run as a user runs them, each a child process, against a devnet started
// by `concord devnet`: what each prints is checked against what the chain then holds. Once the
// stack stops, they say so, whether its record is gone or was left behind.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { erc20Abi, parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { Deployment } from "@concord/agent-sdk/protocol";
import { connectDeployment, isoTime, readDeploymentRecord, readSession, type DeploymentClients } from "@concord/agent-sdk/chain";
import { registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { connectChain, devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { startConcord, type RunningConcord } from "../support/concord-cli.ts";

const examples = path.resolve(import.meta.dirname, "../../examples");
const SUBMITTER = devnetAccount(9).address;

/** Runs examples/`name` to its end with `env`; never throws for a non-zero exit. */
async function runExample(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(examples, name), ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("examples/", () => {
  let dir: string;
  let record: string;
  let env: NodeJS.ProcessEnv;
  let devnet: RunningConcord;
  let deployment: Deployment;
  let chain: DeploymentClients;
  const agentIds: bigint[] = [];
  /** The session refund-after-deadline.ts refunded. */
  let refundedId: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-examples-"));
    record = path.join(dir, "devnet.json");
    env = { CONCORD_RECORD: record };
    devnet = startConcord(["devnet", "--record", record]);
    await devnet.waitFor(/^devnet ready/);
    deployment = await readDeploymentRecord(record);
    chain = await connectDeployment(deployment);
    // Two agents, as `concord agent` would register them: operators 1 and 2, fresh signing keys.
    const clients = await connectChain(deployment.rpcUrl);
    for (const operator of [1, 2]) {
      const { agentId } = await registerAgent({ publicClient: clients.publicClient, deployment }, {
        wallet: clients.walletFor(devnetAccount(operator)), signer: privateKeyToAccount(generatePrivateKey()), modelId: "examples/test",
      });
      agentIds.push(agentId);
    }
  });
  after(async () => {
    await devnet?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("create-session.ts creates the ETH session it prints, with the task on chain", async () => {
    const task = "How many primes are below 30?";
    const run = await runExample("create-session.ts", [task, ...agentIds.map(String)], env);
    assert.equal(run.code, 0, run.stderr);
    const id = BigInt(/^session (\d+) created \(tx 0x[0-9a-f]{64}\)$/m.exec(run.stdout)?.[1] ?? assert.fail(run.stdout));
    const session = await readSession(chain.publicClient, deployment, id);
    assert.equal(session.task, task);
    assert.equal(session.status, "Open");
    assert.equal(session.bounty, 10n ** 16n);
    assert.equal(session.submitter, SUBMITTER);
    assert.equal(session.orchestrator, deployment.orchestrator);
    assert.deepEqual(session.agentIds, agentIds);
    assert.match(run.stdout, new RegExp(`^bounty 0\\.01 ETH, agents #${agentIds[0]}, #${agentIds[1]}, deadline ${isoTime(session.deadline)}$`, "m"));
  });

  it("create-session.ts pays in a listed ERC-20, approving Sessions first", async () => {
    const token = deployment.tokens![0]!;
    const run = await runExample("create-session.ts", ["Same, in the dev token", ...agentIds.map(String)], { ...env, TOKEN: token.symbol, BOUNTY: "5" });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^approved Sessions for the bounty \(tx 0x[0-9a-f]{64}\)$/m);
    const id = BigInt(/^session (\d+) created/m.exec(run.stdout)?.[1] ?? assert.fail(run.stdout));
    const session = await readSession(chain.publicClient, deployment, id);
    assert.equal(session.token, token.address);
    assert.equal(session.bounty, parseUnits("5", token.decimals));
    assert.match(run.stdout, new RegExp(`^bounty 5 ${token.symbol}, agents`, "m"));
    const escrowed = await chain.publicClient.readContract({ address: token.address, abi: erc20Abi, functionName: "balanceOf", args: [deployment.contracts.Sessions] });
    assert.equal(escrowed, session.bounty, "the only token session's bounty is what Sessions holds");
  });

  it("read-session.ts prints the session as the chain has it", async () => {
    const session = await readSession(chain.publicClient, deployment, 1n);
    const run = await runExample("read-session.ts", ["1"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout.trimEnd().split("\n"), [
      `session 1: ${session.status}`,
      `task: ${session.task}`,
      "bounty: 0.01 ETH",
      `submitter: ${session.submitter}`,
      `agents: ${session.agentIds.map((a) => `#${a}`).join(", ")}`,
      `deadline: ${isoTime(session.deadline)}`,
      `rounds: 0 recorded (${session.minRounds}..${session.maxRounds})`,
    ]);
  });

  it("refund-after-deadline.ts waits out a session's deadline and takes its bounty back", async () => {
    const created = await runExample("create-session.ts", ["A task nobody will run", ...agentIds.map(String)], { ...env, DEADLINE_SECONDS: "2" });
    assert.equal(created.code, 0, created.stderr);
    const id = /^session (\d+) created/m.exec(created.stdout)![1]!;
    refundedId = id;
    const balance = await chain.publicClient.getBalance({ address: deployment.contracts.Sessions });
    const run = await runExample("refund-after-deadline.ts", [id], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^refunded 0\\.01 ETH of session ${id} to ${SUBMITTER} \\(tx 0x[0-9a-f]{64}\\)$`, "m"));
    assert.equal((await readSession(chain.publicClient, deployment, BigInt(id))).status, "Refunded");
    assert.equal(balance - await chain.publicClient.getBalance({ address: deployment.contracts.Sessions }), 10n ** 16n);
  });

  it("refund-after-deadline.ts says why it cannot refund a session already refunded", async () => {
    const run = await runExample("refund-after-deadline.ts", [refundedId], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`^SESSION_NOT_OPEN: refund: session ${refundedId} is already Refunded$`, "m"));
  });

  it("says a record whose node holds no Sessions contract is not the running stack's", async () => {
    const elsewhere = path.join(dir, "elsewhere.json");
    const stranger = "0x000000000000000000000000000000000000dEaD";
    await writeFile(elsewhere, JSON.stringify({ ...deployment, contracts: { ...deployment.contracts, Sessions: stranger } }));
    const run = await runExample("read-session.ts", ["1"], { CONCORD_RECORD: elsewhere });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`^DEPLOYMENT_NOT_RUNNING: the node at ${deployment.rpcUrl} has no Sessions contract at ${stranger}, so the stack that wrote the deployment record at ${elsewhere} is not running`, "m"));
  });

  it("once the stack stops, says there is no record, or that the record left behind names a stack that is not running", async () => {
    const leftBehind = path.join(dir, "left-behind.json");
    await copyFile(record, leftBehind);
    await devnet.stop("SIGINT");
    const gone = await runExample("read-session.ts", ["1"], env);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^DEPLOYMENT_NOT_RUNNING: no deployment record at .*devnet\.json: a stack .* removes it when it stops/m);
    const stale = await runExample("read-session.ts", ["1"], { CONCORD_RECORD: leftBehind });
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, new RegExp(`^DEPLOYMENT_NOT_RUNNING: nothing answers at ${deployment.rpcUrl} \\(chain 31337\\), so the stack that wrote the deployment record at ${leftBehind} is not running`, "m"));
  });
});

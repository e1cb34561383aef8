// `concord refund ID` against a devnet started by `concord devnet`: each refusal names its reason
// (the deadline still ahead and when it passes, another account, a session already refunded or
// settled, an id no session has), and past the deadline the submitter's bounty comes back.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestClient, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { Deployment } from "@concord/agent-sdk/protocol";
import { connectDeployment, createSession, isoTime, readDeploymentRecord, readSession, type DeploymentClients } from "@concord/agent-sdk/chain";
import { registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { devnetKey } from "@concord/orchestrator/cli/config/keys.ts";
import { runConcord, startConcord, type RunningConcord } from "../support/concord-cli.ts";

const SUBMITTER = 9;
const BOUNTY = parseEther("0.25");

describe("concord refund", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let devnet: RunningConcord;
  let deployment: Deployment;
  let chain: DeploymentClients;
  let agentIds: bigint[];

  /** A session by the devnet's submitter, its deadline `seconds` from the chain's clock now. */
  async function open(seconds: bigint) {
    return createSession(chain.walletFor(devnetAccount(SUBMITTER)), deployment, {
      task: "Nobody will run this.", agentIds, bounty: BOUNTY, orchestrator: deployment.orchestrator!, deadlineSeconds: seconds,
    });
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-refund-"));
    const record = path.join(dir, "devnet.json");
    env = { CONCORD_RECORD: record };
    devnet = startConcord(["devnet", "--record", record]);
    await devnet.waitFor(/^devnet ready/);
    deployment = await readDeploymentRecord(record);
    chain = await connectDeployment(deployment);
    agentIds = [];
    for (const operator of [1, 2]) {
      const { agentId } = await registerAgent({ publicClient: chain.publicClient, deployment }, {
        wallet: chain.walletFor(devnetAccount(operator)), signer: privateKeyToAccount(generatePrivateKey()), modelId: "refund/test",
      });
      agentIds.push(agentId);
    }
  });
  after(async () => {
    await devnet?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses before the deadline, saying when it passes", async () => {
    const { sessionId, deadline } = await open(3_600n);
    const { code, out } = await runConcord(["refund", String(sessionId)], env);
    assert.equal(code, 1, out);
    assert.match(out, new RegExp(`^concord refund: DEADLINE_NOT_PASSED: refund: session ${sessionId} can be refunded only after ${isoTime(deadline)} \\(in (59 min|1 h)\\): its deadline, or sooner, if its orchestrator claimed it failed, the end of the grace that gives its agents to record a round$`, "m"));
    assert.equal((await readSession(chain.publicClient, deployment, sessionId)).status, "Open");
  });

  it("past the deadline, refuses another account and refunds the submitter, once", async () => {
    const { sessionId } = await open(60n);
    const test = createTestClient({ mode: "hardhat", transport: http(deployment.rpcUrl) });
    await test.increaseTime({ seconds: 120 });
    await test.mine({ blocks: 1 });

    const stranger = devnetAccount(5).address;
    const other = await runConcord(["refund", String(sessionId), "--key-env", "OTHER_KEY"], { ...env, OTHER_KEY: devnetKey(5) });
    assert.equal(other.code, 1, other.out);
    assert.match(other.out, new RegExp(`^concord refund: NOT_SUBMITTER: refund: ${stranger} is not the submitter of session ${sessionId}`, "m"));

    const escrowed = await chain.publicClient.getBalance({ address: deployment.contracts.Sessions });
    const { code, out } = await runConcord(["refund", String(sessionId)], env);
    assert.equal(code, 0, out);
    assert.match(out, new RegExp(`^refunded 0\\.25 ETH of session ${sessionId} to ${devnetAccount(SUBMITTER).address} \\(tx 0x[0-9a-f]{64}\\)$`, "m"));
    assert.equal(escrowed - await chain.publicClient.getBalance({ address: deployment.contracts.Sessions }), BOUNTY);
    assert.equal((await readSession(chain.publicClient, deployment, sessionId)).status, "Refunded");

    const again = await runConcord(["refund", String(sessionId)], env);
    assert.equal(again.code, 1, again.out);
    assert.match(again.out, new RegExp(`^concord refund: SESSION_NOT_OPEN: refund: session ${sessionId} is already Refunded$`, "m"));
  });

  it("says no session has an unknown id (exit 2), and refuses an id that is not one", async () => {
    const unknown = await runConcord(["refund", "999"], env);
    assert.equal(unknown.code, 2, unknown.out);
    assert.match(unknown.out, /^concord refund: SESSION_NOT_FOUND: getSession: no session has id 999$/m);
    const malformed = await runConcord(["refund", "first"], env);
    assert.equal(malformed.code, 2, malformed.out);
    assert.match(malformed.out, /session id must be a positive whole number, got "first"/);
  });
});

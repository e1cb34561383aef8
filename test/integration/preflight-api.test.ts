// POST /api/preflight on real parts: a local stack (nats-server, hardhat node, three simulated
// agents), the dApp server. The route runs `concord submit`'s checks for a session described as
// the dApp's form describes it (on-chain agent ids) and moves nothing: every answer below leaves
// the submitter's balance and the Sessions contract's session count as they were.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseEther, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { connect } from "@nats-io/transport-node";
import { natsAuthOptions } from "@concord/agent-sdk/agent";
import { agentDeclarations, MAX_TASK_CHARS, preflightAnswer, type PreflightAnswer } from "@concord/agent-sdk/protocol";
import { registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { ROLES, startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { MAX_IN_FLIGHT } from "@concord/orchestrator/web/api/in-flight.ts";

const WORD_PROBLEM = "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?";
const SONNET = "Write a sonnet about the sea.";

describe("POST /api/preflight", { timeout: 90_000 }, () => {
  let stack: LocalStack;
  let server: DappServer;
  let bare: DappServer;
  let distDir: string;
  const submitter = devnetAccount(ROLES.submitter).address;
  /** A registered agent nobody runs: it sends no heartbeat. */
  let ghostId: bigint;

  /** The form's body for the stack's panel, with `changes` applied. */
  const body = (changes: Record<string, unknown> = {}) => ({
    task: WORD_PROBLEM, agentIds: stack.panel.map((a) => a.agentId.toString()), submitter, token: zeroAddress,
    bounty: parseEther("0.5").toString(), orchestrator: stack.orchestrator.account.address,
    minRounds: 1, maxRounds: 2, voteCredits: 10_000, absenceGrace: 30, deadlineSeconds: 3_600, ...changes,
  });
  const post = async (payload: unknown, base = server.url, contentType = "application/json") => {
    const response = await fetch(`${base}/api/preflight`, {
      method: "POST", headers: { "content-type": contentType }, body: typeof payload === "string" ? payload : JSON.stringify(payload),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  /** A 200 answer, validated with the schema the dApp reads it with. */
  const check = async (payload: unknown): Promise<PreflightAnswer> => {
    const { status, json } = await post(payload);
    assert.equal(status, 200, JSON.stringify(json));
    return preflightAnswer.parse(json);
  };
  const chainState = async () => ({
    balance: await stack.clients.publicClient.getBalance({ address: submitter }),
    sessions: await stack.clients.publicClient.readContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "sessionCount" }),
  });

  before(async () => {
    stack = await startLocalStack();
    distDir = await mkdtemp(path.join(os.tmpdir(), "concord-preflight-api-"));
    await writeFile(path.join(distDir, "index.html"), "<!doctype html><title>Concord</title>");
    server = await startDappServer({ distDir, deployment: stack.deployment, nc: stack.nc });
    bare = await startDappServer({ distDir, deployment: stack.deployment });
    const ghost = privateKeyToAccount(generatePrivateKey());
    ({ agentId: ghostId } = await registerAgent(stack.chain, { wallet: stack.clients.walletFor(devnetAccount(ROLES.firstOperator + 5)), signer: ghost, modelId: "nobody-runs-me" }));
  });

  after(async () => {
    await server?.close();
    await bare?.close();
    await stack?.stop();
    if (distDir) await rm(distDir, { recursive: true, force: true });
  });

  it("passes a task the agents take, with what each declares and its answer, and moves nothing", async () => {
    const before = await chainState();
    const answer = await check(body());
    assert.deepEqual(answer.problems, []);
    assert.equal(answer.ok, true);
    assert.deepEqual(answer.agents.map((a) => [a.agentId, a.name, a.live, a.accepts, a.capabilities]),
      stack.panel.map((a) => [a.agentId.toString(), a.name, true, true, ["arithmetic-word-problems"]]));
    assert.deepEqual(await chainState(), before);
  });

  it("names each agent that refuses a task and why, and that too few would answer", async () => {
    const before = await chainState();
    const answer = await check(body({ task: SONNET }));
    assert.equal(answer.ok, false);
    const declined = answer.problems.filter((p) => p.code === "AGENT_DECLINED");
    assert.deepEqual(declined.map((p) => [p.agentId, p.agent]), stack.panel.map((a) => [a.agentId.toString(), a.name]));
    for (const p of declined) assert.match(p.message, new RegExp(`^agent ${p.agent} declines: this simulated solver only answers arithmetic word problems of its family$`));
    assert.match(answer.problems.find((p) => p.code === "TOO_FEW_AGENTS")!.message, /^0 of the 3 agents \(.+\) will answer this task/);
    assert.ok(answer.agents.every((a) => a.accepts === false && /arithmetic word problems/.test(a.reason!)));
    assert.deepEqual(await chainState(), before);
  });

  it("refuses a task longer than a job takes with its size, without asking the agents", async () => {
    const answer = await check(body({ task: "x".repeat(MAX_TASK_CHARS + 5) }));
    assert.deepEqual(answer.problems.map((p) => p.code), ["TASK_INVALID"]);
    assert.equal(answer.problems[0]!.message, "the task text is 20,005 characters; a job takes at most 20,000 characters");
    assert.ok(answer.agents.every((a) => a.accepts === undefined), "no agent was probed");
  });

  it("says when the submitter cannot pay the bounty, or has not approved the token", async () => {
    const poor = privateKeyToAccount(generatePrivateKey()).address;
    const broke = await check(body({ submitter: poor }));
    assert.deepEqual(broke.problems.map((p) => p.code), ["INSUFFICIENT_FUNDS"]);
    assert.equal(broke.problems[0]!.message, `the submitter ${poor} has 0 ETH, less than the bounty of 0.5 ETH (plus gas)`);
    const token = stack.deployment.tokens![0]!;
    const unapproved = await check(body({ token: token.address, bounty: parseEther("5").toString() }));
    assert.deepEqual(unapproved.problems.map((p) => p.code), ["INSUFFICIENT_FUNDS"]);
    assert.match(unapproved.problems[0]!.message, new RegExp(`allows the Sessions contract .* to take 0 ${token.symbol}, less than the bounty of 5 ${token.symbol}: approve it first`));
  });

  it("says when createSession would revert for another reason, by its error", async () => {
    const answer = await check(body({ orchestrator: submitter }));
    assert.deepEqual(answer.problems.map((p) => p.code), ["CHAIN_CALL_FAILED"]);
    assert.match(answer.problems[0]!.message, /^createSession would fail: .*SubmitterIsOrchestrator/);
  });

  it("names an unknown agent id and an agent that sends no heartbeat", async () => {
    const agentId = ghostId;
    const answer = await check(body({ agentIds: [stack.panel[0]!.agentId.toString(), agentId.toString(), "999"] }));
    assert.deepEqual(answer.problems.map((p) => [p.code, p.agentId]), [["AGENT_NOT_LIVE", agentId.toString()], ["AGENT_NOT_REGISTERED", "999"]]);
    assert.match(answer.problems[0]!.message, new RegExp(`^agent #${agentId} \\(nobody-runs-me\\) sent no heartbeat within 5 s`));
    assert.deepEqual(answer.agents.map((a) => a.live), [true, false, false]);
    assert.equal(answer.agents[1]!.modelId, "nobody-runs-me");
  });

  it("refuses requests past MAX_IN_FLIGHT at once with 429, while the others wait for a silent agent", async () => {
    // A server on a connection of its own, just opened: it has heard no heartbeat yet, so each
    // request waits up to 5 s for the agent nobody runs, and all of them are in flight together.
    const nc = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.nats.admin), name: "preflight-busy-test" });
    const fresh = await startDappServer({ distDir, deployment: stack.deployment, nc });
    try {
      const many = await Promise.all(Array.from({ length: MAX_IN_FLIGHT + 1 }, () =>
        post(body({ agentIds: [stack.panel[0]!.agentId.toString(), ghostId.toString()] }), fresh.url)));
      const statuses = many.map((r) => r.status).sort();
      assert.deepEqual(statuses, [...Array(MAX_IN_FLIGHT).fill(200), 429]);
      assert.equal((many.find((r) => r.status === 429)!.json.error as { code: string }).code, "SERVER_BUSY");
    } finally {
      await fresh.close();
      await nc.close();
    }
  });

  describe("GET /api/agents", () => {
    it("says what each agent declares before any task: its model, NATS name and capabilities, or that it is not running", async () => {
      const ids = [...stack.panel.map((a) => a.agentId), ghostId];
      const response = await fetch(`${server.url}/api/agents?ids=${ids.join(",")}`);
      assert.equal(response.status, 200);
      const { agents } = agentDeclarations.parse(await response.json());
      assert.deepEqual(agents.map((a) => [a.agentId, a.name, a.live, a.capabilities]), [
        ...stack.panel.map((a) => [a.agentId.toString(), a.name, true, ["arithmetic-word-problems"]]),
        [ghostId.toString(), undefined, false, []],
      ]);
      assert.equal(agents[3]!.modelId, "nobody-runs-me");
      assert.ok(agents.every((a) => a.accepts === undefined), "no agent was asked anything");
    });
    it("refuses ids that are not agent ids with 400", async () => {
      for (const query of ["", "?ids=", "?ids=0", "?ids=1,x", `?ids=${Array(81).fill(1).join(",")}`]) {
        const response = await fetch(`${server.url}/api/agents${query}`);
        assert.equal(response.status, 400, query);
      }
    });
  });

  describe("what it refuses to read", () => {
    it("anything but application/json, with 415", async () => {
      for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
        const { status, json } = await post(JSON.stringify(body()), server.url, type);
        assert.equal(status, 415, type);
        assert.equal((json.error as { code: string }).code, "UNSUPPORTED_MEDIA_TYPE");
      }
    });
    it("a body off the schema, with 400 naming the field", async () => {
      const { status, json } = await post(body({ agentIds: ["1"], extra: true }));
      assert.equal(status, 400);
      const { message } = json.error as { message: string };
      assert.match(message, /agentIds: /);
      assert.match(message, /"extra"/);
    });
    it("a request on a server without NATS, with 503", async () => {
      const { status, json } = await post(body(), bare.url);
      assert.equal(status, 503);
      assert.equal((json.error as { code: string }).code, "NATS_UNREACHABLE");
    });
  });
});

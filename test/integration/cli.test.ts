// The `concord` CLI end to end, as a user runs it: a devnet, an orchestrator and three simulated
// agents as separate `concord` processes; then submit, list, inspect and claim.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { stringify as stringifyYaml } from "yaml";
import { tmpdir } from "node:os";
import path from "node:path";
import { bytesToHex, createPublicClient, http, type Address } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { generatePrivateKey } from "viem/accounts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { ROLES } from "@concord/orchestrator/devnet/local-stack.ts";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { MAX_AGENTS, MAX_TASK_CHARS, MAX_VOTE_CREDITS, taskFamilyId } from "@concord/agent-sdk/protocol";
import { runConcord, startConcord, type RunningConcord } from "../support/concord-cli.ts";

const operatorKey = (i: number) => bytesToHex(devnetAccount(i).getHdKey().privateKey!);

describe("the concord CLI", () => {
  let dir: string;
  let record: string;
  const processes: RunningConcord[] = [];
  let sessionId = "";

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "concord-cli-"));
    record = path.join(dir, "devnet.json");
    // Per-agent NATS users: every command below goes through credentials from the record.
    const devnet = startConcord(["devnet", "--agents", "ada,bram,chloe", "--record", record]);
    processes.push(devnet);
    await devnet.waitFor(/^devnet ready/);

    const orchestrator = startConcord(["orchestrator", "--record", record, "--owner", "cli-test"]);
    processes.push(orchestrator);
    const agents = [
      { name: "ada", skill: 0.9 },
      { name: "bram", skill: 0.75 },
      { name: "chloe", skill: 0.6 },
    ].map(({ name, skill }, i) => ({ name, skill, operator: i + 1 }));
    await Promise.all([
      orchestrator.waitFor(/ready: taking jobs/),
      ...agents.map(async ({ name, skill, operator }) => {
        // One agent's config in YAML, the others in JSON: both are read.
        const yaml = name === "ada";
        const config = path.join(dir, `${name}.${yaml ? "yaml" : "json"}`);
        const fields = { name, provider: { kind: "simulated", skill, seed: `cli/${name}` }, keyEnv: "AGENT_KEY", operatorKeyEnv: "OPERATOR_KEY" };
        await writeFile(config, yaml ? stringifyYaml(fields) : JSON.stringify(fields));
        const agent = startConcord(["agent", "--config", config, "--record", record], { AGENT_KEY: generatePrivateKey(), OPERATOR_KEY: operatorKey(operator) });
        processes.push(agent);
        await agent.waitFor(new RegExp(`^agent ${name} registered as agent #\\d+`));
        await agent.waitFor(new RegExp(`^agent ${name} ready`));
      }),
    ]);
  });

  after(async () => {
    // Agents and the orchestrator first, the devnet they talk to last.
    for (const p of processes.slice(1).reverse()) await p.stop();
    await processes[0]?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("submit follows a session round by round to a settled final answer, under the vote credits it set", async () => {
    const problem = generateWordProblem(seededRandom("cli"));
    const { code, out } = await runConcord(["submit", problem.text, "--min-rounds", "2", "--max-rounds", "2", "--vote-credits", "400", "--record", record]);
    assert.equal(code, 0, out);
    sessionId = out.match(/^session (\d+) created/m)?.[1] ?? "";
    assert.ok(sessionId, out);
    assert.match(out, /2–2 rounds, 400 vote credits, agents/);
    for (const round of [1, 2]) {
      assert.match(out, new RegExp(`── round ${round} ──`));
      assert.match(out, new RegExp(`propose: answered ada, bram, chloe`));
      assert.match(out, new RegExp(`recorded round ${round}: scores ada -?\\d+, bram -?\\d+, chloe -?\\d+ · winner`));
    }
    assert.match(out, /^halted after round 2 \((unanimous|confident|max-rounds): [^)]+\): (consensus|majority|no consensus|tie between .+)$/m);
    assert.match(out, /^ {2}agreement \d+% · confidence \d\.\d\d · another round [+−]\d\.\d{3} against its cost 0\.020$/m);
    assert.match(out, new RegExp(`settled session ${sessionId}: winner (ada|bram|chloe)`));
    assert.match(out, /^final answer: -?\d+$/m);
    assert.match(out, /by (ada|bram|chloe), score -?\d+ in round \d · (consensus|majority|tie between .+|no consensus)$/m);
    // Why each agent got what it got: L = ⌊√(400 / 2)⌋ = 14, so a level is a median vote in [−14, 14].
    assert.match(out, /^payouts and why \(from the chain\):$/m);
    for (const name of ["ada", "bram", "chloe"]) assert.match(out, new RegExp(`^ {2}payout ${name}\\s+[\\d.]+ ETH\\n {4}median votes r1 [+-]?\\d+( r2 ([+-]?\\d+|absent))? · quality \\d+\\/(28|56) \\(\\d+ % of the top\\)$`, "m"));
    assert.match(out, /^ {2}rule: each agent: net\/n × its mean level; unearned [\d.]+ ETH to the treasury \(net [\d.]+ ETH, n 3; .*±L = ±14,/m);
  });

  it("submit --task-family records the session in that family's histories only", async () => {
    const { rpcUrl, deployment } = JSON.parse(await readFile(record, "utf8")) as { rpcUrl: string; deployment: { contracts: { Sessions: Address } } };
    const client = createPublicClient({ transport: http(rpcUrl) });
    const read = { address: deployment.contracts.Sessions, abi: sessionsAbi } as const;
    const problem = generateWordProblem(seededRandom("cli-family"));
    const { code, out } = await runConcord(["submit", problem.text, "--max-rounds", "1", "--task-family", "word-problems", "--record", record]);
    assert.equal(code, 0, out);
    assert.match(out, /1–1 rounds, 10000 vote credits, task family word-problems, agents/);
    const id = BigInt(out.match(/^session (\d+) created/m)?.[1] ?? "0");
    assert.equal(await client.readContract({ ...read, functionName: "taskFamily", args: [id] }), taskFamilyId("word-problems"));
    const agentIds = await client.readContract({ ...read, functionName: "getAgentIds", args: [id] });
    for (const agentId of agentIds) {
      const [sessions] = await client.readContract({ ...read, functionName: "familyHistory", args: [agentId, taskFamilyId("word-problems")] });
      assert.equal(sessions, 1n, `agent #${agentId}: this session, in its family`);
      const [general] = await client.readContract({ ...read, functionName: "history", args: [agentId] });
      assert.equal(general, 1n, `agent #${agentId}: only the first (no family) session in family zero`);
    }
    const shown = await runConcord(["session", String(id), "--record", record]);
    assert.equal(shown.code, 0, shown.out);
    assert.match(shown.out, new RegExp(`^evaluation weights \\(from each agent's history in task family ${taskFamilyId("word-problems")}; a vote counts that many times\\): ada \\d+, bram \\d+, chloe \\d+$`, "m"));
  });

  it("sessions lists the session as Settled", async () => {
    const { code, out } = await runConcord(["sessions", "--record", record]);
    assert.equal(code, 0, out);
    assert.match(out, /^id\s+status\s+bounty\s+agents\s+rounds\s+winner$/m);
    assert.match(out, new RegExp(`^${sessionId}\\s+Settled\\s+1 ETH\\s+#\\d,#\\d,#\\d\\s+\\d/\\d\\s+#\\d$`, "m"));
  });

  it("session shows the transcript with its score matrix and payouts", async () => {
    const { code, out } = await runConcord(["session", sessionId, "--record", record]);
    assert.equal(code, 0, out);
    assert.match(out, /── round 1 ──/);
    assert.match(out, /score matrix \(rows: evaluators, columns: proposals\):/);
    // The evaluator's own cell is blank: an agent never scores itself.
    assert.match(out, /^\s+ada\s+·\s+-?\d+\s+-?\d+$/m);
    assert.match(out, /^\s+payout ada\s+[\d.]+ ETH to agent #\d+'s royalty recipients\n {4}median votes r1 \S+/m);
    assert.match(out, /^ {2}rule: each agent: net\/n × its mean level; unearned [\d.]+ ETH to the treasury/m);
  });

  it("claim pays an operator its share", async () => {
    const { code, out } = await runConcord(["claim", "--key-env", "OPERATOR_KEY", "--record", record], { OPERATOR_KEY: operatorKey(1) });
    assert.equal(code, 0, out);
    const amount = Number(out.match(/claimed ([\d.]+) ETH/)?.[1]);
    assert.ok(amount > 0, out);
    const again = await runConcord(["claim", "--key-env", "OPERATOR_KEY", "--record", record], { OPERATOR_KEY: operatorKey(1) });
    assert.match(again.out, /nothing to claim/);
  });

  it("submit with an unknown flag exits 2 with its usage", async () => {
    const { code, out } = await runConcord(["submit", "a task", "--rounds", "3", "--record", record]);
    assert.equal(code, 2);
    assert.match(out, /concord submit: CONFIG_INVALID: Unknown option '--rounds'/);
    assert.match(out, /usage: concord submit "TASK"/);
  });

  it("submit refuses more agents than a session takes and a task longer than a job takes, before escrowing", async () => {
    const eleven = Array.from({ length: MAX_AGENTS + 1 }, (_, i) => `agent${i}`).join(",");
    const agents = await runConcord(["submit", "a task", "--agents", eleven, "--record", record]);
    assert.equal(agents.code, 2, agents.out);
    assert.match(agents.out, new RegExp(`--agents: at most ${MAX_AGENTS} agent names`));
    const credits = await runConcord(["submit", "a task", "--vote-credits", String(MAX_VOTE_CREDITS + 1), "--record", record]);
    assert.equal(credits.code, 2, credits.out);
    assert.match(credits.out, /--vote-credits/);
    const long = await runConcord(["submit", "x".repeat(MAX_TASK_CHARS + 1), "--record", record]);
    assert.equal(long.code, 2, long.out);
    assert.match(long.out, new RegExp(`TASK_INVALID: the task text is ${(MAX_TASK_CHARS + 1).toLocaleString("en-US")} characters; a job takes at most ${MAX_TASK_CHARS.toLocaleString("en-US")} characters`));
  });

  it("agent with an invalid config exits 2 naming the bad field", async () => {
    const config = path.join(dir, "bad.json");
    await writeFile(config, JSON.stringify({ name: "dora", provider: { kind: "simulated", skill: 1.5 }, keyEnv: "AGENT_KEY" }));
    const { code, out } = await runConcord(["agent", "--config", config, "--record", record], { AGENT_KEY: generatePrivateKey() });
    assert.equal(code, 2, out);
    assert.match(out, new RegExp(`${config.replace(/[.]/g, "\\.")} is invalid`));
    assert.match(out, /provider\.skill: /);
  });

  it("submit refuses an --orchestrator that is not the deployment's, before escrowing", async () => {
    const other = devnetAccount(ROLES.relayer).address;
    const { rpcUrl, deployment } = JSON.parse(await readFile(record, "utf8")) as { rpcUrl: string; deployment: { contracts: { Sessions: Address } } };
    const client = createPublicClient({ transport: http(rpcUrl) });
    const sessionCount = () => client.readContract({ address: deployment.contracts.Sessions, abi: sessionsAbi, functionName: "sessionCount" });
    const before = await sessionCount();
    const { code, out } = await runConcord(["submit", "Ada has 5 apples. Ada finds 3 more apples. How many apples does Ada have now?", "--orchestrator", other, "--record", record]);
    assert.notEqual(code, 0, out);
    assert.match(out, new RegExp(`--orchestrator ${other} is not this deployment's orchestrator`));
    assert.equal(await sessionCount(), before);
  });

  it("refuses --chain-id beside --record, which it would otherwise ignore", async () => {
    const { code, out } = await runConcord(["sessions", "--record", record, "--chain-id", "1"]);
    assert.equal(code, 2, out);
    assert.match(out, /--chain-id picks deployments\/<id>\.json by itself; leave it out with --record/);
  });

  it("orchestrator with a --key-env that is not set exits saying so, rather than run as the devnet's account", async () => {
    const { code, out } = await runConcord(["orchestrator", "--record", record, "--owner", "unset-key", "--key-env", "NO_SUCH_KEY_SET"]);
    assert.notEqual(code, 0, out);
    assert.match(out, /NO_SUCH_KEY_SET/);
    assert.doesNotMatch(out, /ready: taking jobs/);
  });

  it("orchestrator with the deployment's treasury key refuses to start, saying why", async () => {
    const { code, out } = await runConcord(["orchestrator", "--record", record, "--owner", "the-treasury"], { CONCORD_ORCHESTRATOR_KEY: operatorKey(ROLES.treasury) });
    assert.notEqual(code, 0, out);
    assert.match(out, new RegExp(`the orchestrator ${devnetAccount(ROLES.treasury).address} is this deployment's treasury`));
    assert.doesNotMatch(out, /ready: taking jobs/);
  });

  it("agent without a NATS user on this devnet exits 2 saying how to give it one", async () => {
    const config = path.join(dir, "eve.json");
    await writeFile(config, JSON.stringify({ name: "eve", provider: { kind: "simulated", skill: 1 }, keyEnv: "AGENT_KEY" }));
    const { code, out } = await runConcord(["agent", "--config", config, "--record", record], { AGENT_KEY: generatePrivateKey() });
    assert.equal(code, 2, out);
    assert.match(out, /the stack has NATS users for ada, bram, chloe only: get credentials for eve with `concord agent join` and pass them with --creds/);
  });
});
